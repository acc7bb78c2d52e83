import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { asUpload, registerUploads } from '../../platform/http/uploads.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { organisationsRepresentedBy } from '../identity/index.ts';
import type { PkiContext } from './context.ts';
import { certificatePem } from './crl.ts';
import { normaliseSerial } from './issue.ts';
import { certificatesOf, findCertificate, requestsOf } from './pki.repository.ts';
import { requestCertificate, revoke } from './pki.service.ts';
import { SUBJECT_TYPES } from './profiles.ts';

export const HOLDER_REASONS = [0, 1, 3, 4, 5] as const;
const Lang = Type.String({ pattern: '^(az|en|ru)$' });
const SerialParams = Type.Object({ lang: Lang, serial: Type.String({ maxLength: 80 }) });
const DownloadParams = Type.Object({
  lang: Lang,
  serial: Type.String({ maxLength: 80 }),
  format: Type.Union([Type.Literal('pem'), Type.Literal('der'), Type.Literal('chain')]),
});
const RequestBody = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 10 })),
  organisationId: Type.Optional(Type.String({ maxLength: 100 })),
  unit: Type.Optional(Type.String({ maxLength: 200 })),
  csr: Type.Optional(Type.String({ maxLength: 20000 })),
  // A file from the multipart form: { data, truncated } (see csrUploads).
  csrFile: Type.Optional(Type.Unknown()),
  _csrf: Type.Optional(Type.String()),
});
const ReasonBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 3 })),
  _csrf: Type.Optional(Type.String()),
});
type RequestForm = { type?: string; organisationId?: string; unit?: string; csr?: string; csrFile?: unknown };

const MAX_CSR_FILE = 64 * 1024;

/** The request form is multipart (a CSR file made with openssl works without JavaScript); files stay in memory. */
export async function csrUploads(app: FastifyInstance): Promise<void> {
  await registerUploads(app, { fileSize: MAX_CSR_FILE, files: 1, fields: 8, fieldSize: 64 * 1024 });
}

/** The request from the file when one was chosen (PEM as text, anything else as DER), else the pasted text. */
function csrOf(form: RequestForm): string | Uint8Array | undefined {
  const file = asUpload(form.csrFile);
  if (file) {
    // Over the size limit: nothing a request could be; checkCsr calls it malformed.
    if (file.truncated) return new Uint8Array();
    const text = file.data.toString('latin1');
    return text.includes('-----BEGIN') ? text : new Uint8Array(file.data);
  }
  const pasted = typeof form.csr === 'string' ? form.csr.trim() : '';
  return pasted === '' ? undefined : pasted;
}

export function parseReason(raw: string | undefined, allowed: readonly number[]): number | undefined {
  const reason = raw === undefined || raw === '' ? 0 : Number(raw);
  return allowed.includes(reason) ? reason : undefined;
}

/** A holder's own certificates, their requests and the request form; downloads and self-revocation. */
export function holderRoutes(app: FastifyInstance, ctx: PkiContext): void {
  const { db } = ctx.platform.database;
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const viewer = request.viewer as Viewer;
    const now = ctx.platform.clock.now();
    const certificates = (await certificatesOf(db, viewer.personId)).map((c) => ({
      ...c,
      state: c.revokedAt ? 'revoked' : c.notAfter < now ? 'expired' : 'good',
    }));
    const organisations = await organisationsRepresentedBy(db, viewer.personId);
    return reply.page('pki/views/certificates.njk', {
      certificates,
      requests: await requestsOf(db, viewer.personId),
      organisations,
      types: SUBJECT_TYPES,
      reasons: HOLDER_REASONS,
      query: request.query,
      values: {},
      ...extra,
    });
  };
  const login = { preHandler: requireLogin() };

  app.get('/:lang/pki/certificates', { ...login, schema: { hide: true } }, (request, reply) =>
    page(request, reply),
  );

  app.post(
    '/:lang/pki/certificates',
    { ...login, schema: { hide: true, body: RequestBody } },
    async (request, reply) => {
      const form = request.body as RequestForm;
      const type = SUBJECT_TYPES.find((t) => t === form.type);
      const csr = csrOf(form);
      const problem = !type ? 'type' : csr === undefined ? 'csrMissing' : undefined;
      const outcome = problem
        ? ({ ok: false, problem } as const)
        : await requestCertificate(ctx, request.viewer as Viewer, {
            type: type ?? 'person',
            csr: csr ?? '',
            ...(form.organisationId ? { organisationId: form.organisationId } : {}),
            ...(form.unit?.trim() ? { unit: form.unit.trim() } : {}),
          });
      if (!outcome.ok) {
        const field =
          outcome.problem === 'type'
            ? 'type'
            : outcome.problem === 'notRepresentative'
              ? 'organisationId'
              : 'csr';
        const text = (translator(request.lang) as (key: string) => string)(`pki.error.${outcome.problem}`);
        return page(request, reply.code(400), {
          errorList: [{ text, href: `#${field}` }],
          errors: { [field]: { text } },
          values: { ...form, csrFile: undefined, csr: typeof form.csr === 'string' ? form.csr : '' },
        });
      }
      const query = outcome.issued ? `issued=${outcome.serial}` : 'requested=1';
      return reply.redirect(`/${request.lang}/pki/certificates?${query}`, 303);
    },
  );

  app.get(
    '/:lang/pki/certificates/:serial/:format',
    { ...login, schema: { hide: true, params: DownloadParams } },
    async (request, reply) => {
      const { serial: raw, format } = request.params as { serial: string; format: 'pem' | 'der' | 'chain' };
      const serial = normaliseSerial(raw);
      const row = serial ? await findCertificate(db, serial) : undefined;
      const viewer = request.viewer as Viewer;
      if (!row || (row.holderPersonId !== viewer.personId && !hasRole(viewer, 'ca_operator')))
        return sendErrorPage(request, reply, 'notFound');
      const ca = await ctx.ca();
      const der = Buffer.from(row.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      reply.header(
        'content-disposition',
        `attachment; filename="${row.serial}.${format === 'der' ? 'cer' : 'pem'}"`,
      );
      if (format === 'der') return reply.type('application/pkix-cert').send(der);
      const chain =
        format === 'chain' && ca ? certificatePem(ca.issuing.rawData) + certificatePem(ca.root.rawData) : '';
      return reply.type('application/x-pem-file').send(certificatePem(der) + chain);
    },
  );

  app.post(
    '/:lang/pki/certificates/:serial/revoke',
    { ...login, schema: { hide: true, params: SerialParams, body: ReasonBody } },
    async (request, reply) => {
      const serial = normaliseSerial((request.params as { serial: string }).serial);
      const reason = parseReason((request.body as { reason?: string }).reason, HOLDER_REASONS);
      if (!serial || reason === undefined) return sendErrorPage(request, reply, 'badRequest');
      const outcome = await revoke(ctx, request.viewer as Viewer, serial, reason, false);
      // Someone else's certificate looks exactly like one that does not exist.
      if (!outcome.ok && outcome.problem !== 'alreadyRevoked')
        return sendErrorPage(request, reply, 'notFound');
      return reply.redirect(`/${request.lang}/pki/certificates?revoked=${serial}`, 303);
    },
  );
}
