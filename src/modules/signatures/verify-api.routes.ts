import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendProblem } from '../../platform/http/errors.ts';
import { documentByCode, normaliseCode } from './documents.ts';
import { MAX_UPLOAD, reportJson, verifyIssued, verifyUpload } from './report.ts';
import { asUpload } from './verify.routes.ts';

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

function decode(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}

/**
 * The JSON API of /verify: the same report as the page. Public and read-only (no session, nothing
 * changes), so no CSRF token: a cross-site request can only learn what anyone may ask.
 */
export function verifyApiRoutes(app: FastifyInstance): void {
  const { platform } = app;

  app.post(
    '/api/v1/verify',
    {
      config: { csrf: false, rateLimit: { max: 60, timeWindow: 60_000 } },
      bodyLimit: Math.ceil((2 * MAX_UPLOAD * 4) / 3) + 64 * 1024,
      schema: {
        tags: ['signatures'],
        summary:
          'Verify a signed PDF, or a document with its detached CMS signature: multipart (document, signature) or JSON {document, signature} in base64',
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      let document: Buffer | undefined;
      let signature: Buffer | undefined;
      if (request.isMultipart()) {
        const doc = asUpload(body.document);
        const sig = asUpload(body.signature);
        if (doc?.truncated || sig?.truncated) return sendProblem(reply, 413, 'file larger than 10 MB');
        document = doc?.data;
        signature = sig?.data;
      } else {
        document = decode(body.document);
        signature = body.signature === undefined ? undefined : decode(body.signature);
        if (body.signature !== undefined && !signature)
          return sendProblem(reply, 400, 'signature must be base64');
      }
      if (!document?.length) return sendProblem(reply, 400, 'document missing (base64 or multipart file)');
      if (document.length > MAX_UPLOAD || (signature?.length ?? 0) > MAX_UPLOAD)
        return sendProblem(reply, 413, 'file larger than 10 MB');
      const report = await verifyUpload(platform, document, signature);
      if (report === 'not-signed')
        return sendProblem(reply, 422, 'no signature: send a signed PDF or the detached signature');
      return reply.send(reportJson(report));
    },
  );

  app.get(
    '/api/v1/verify/:code',
    {
      schema: {
        tags: ['signatures'],
        summary: 'The validation report of a document the portal issued, by its verification code',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
      },
    },
    async (request, reply) => {
      const code = normaliseCode((request.params as { code: string }).code);
      const document = code ? await documentByCode(platform.database.db, code) : undefined;
      if (!document) return sendProblem(reply, 404, 'no document with this verification code');
      return reply.send({
        document: {
          title: document.title,
          kind: document.kind,
          contentType: document.contentType,
          issuedAt: document.issuedAt.toISOString(),
          verificationCode: document.verificationCode,
          download: `/verify/${document.verificationCode}/document`,
          ...(document.signature ? { signature: `/verify/${document.verificationCode}/signature` } : {}),
        },
        report: reportJson(await verifyIssued(platform, document)),
      });
    },
  );
}
