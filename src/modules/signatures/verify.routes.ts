import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LangParams } from '../../platform/http/schemas.ts';
import { asUpload, registerUploads } from '../../platform/http/uploads.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { navigation } from '../../platform/views/views.ts';
import type { IssuedDocument, SignatureReport } from './contract.ts';
import { documentByCode, groupCode, normaliseCode } from './documents.ts';
import { MAX_UPLOAD, reportRows, tr, verifyIssued, verifyUpload } from './report.ts';

const CodeQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 100 })) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export { asUpload } from '../../platform/http/uploads.ts';

/** /verify: by verification code (GET form) or by upload (multipart POST with the CSRF token). */
export async function verifyRoutes(app: FastifyInstance): Promise<void> {
  const { platform } = app;
  if (!navigation.some((item) => item.path === '/verify'))
    navigation.push({ key: 'signatures.nav' as never, path: '/verify' });
  await registerUploads(app, { fileSize: MAX_UPLOAD, files: 2, fields: 5, fieldSize: 16 * 1024 * 1024 });

  const page = (
    reply: FastifyReply,
    lang: Language,
    data: { report?: SignatureReport; document?: IssuedDocument; code?: string; errors?: [string, string][] },
  ) => {
    const t = tr(lang);
    const errors = data.errors ?? [];
    return reply.code(errors.length ? 400 : 200).page('signatures/views/verify.njk', {
      code: data.code,
      report: data.report && {
        valid: data.report.valid,
        reason: data.report.failure && t(`signatures.reason.${data.report.failure}`),
        failure: data.report.failure,
        rows: reportRows(lang, data.report),
      },
      document: data.document && {
        title: data.document.title,
        code: data.document.verificationCode,
        grouped: groupCode(data.document.verificationCode),
        detached: !!data.document.signature,
      },
      errorList: errors.map(([field, key]) => ({ text: t(key), href: `#${field}` })),
      errors: Object.fromEntries(errors.map(([field, key]) => [field, t(key)])),
    });
  };

  app.get(
    '/:lang/verify',
    { schema: { hide: true, params: LangParams, querystring: CodeQuery } },
    async (request, reply) => {
      const lang = request.lang as Language;
      const raw = (request.query as { code?: string }).code;
      if (raw === undefined) return page(reply, lang, {});
      const code = normaliseCode(raw);
      if (!code) return page(reply, lang, { code: raw, errors: [['code', 'signatures.error.code']] });
      const document = await documentByCode(platform.database.db, code);
      if (!document) return page(reply, lang, { code: raw, errors: [['code', 'signatures.error.notFound']] });
      return page(reply, lang, { code: raw, document, report: await verifyIssued(platform, document) });
    },
  );

  app.post(
    '/:lang/verify',
    {
      schema: { hide: true, params: LangParams },
      bodyLimit: 2 * MAX_UPLOAD + 64 * 1024,
      // Uploads of up to 20 MB per request: a generous limit per address, not a free disk-and-CPU sink.
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
    },
    async (request: FastifyRequest, reply) => {
      const lang = request.lang as Language;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const document = asUpload(body.document);
      const signature = asUpload(body.signature);
      if (!document) return page(reply, lang, { errors: [['document', 'signatures.error.file']] });
      if (document.truncated || signature?.truncated)
        return page(reply, lang, { errors: [['document', 'signatures.error.tooLarge']] });
      const report = await verifyUpload(platform, document.data, signature?.data);
      if (report === 'not-signed')
        return page(reply, lang, { errors: [['signature', 'signatures.error.notSigned']] });
      return page(reply, lang, { report });
    },
  );

  // The address printed on documents (QR code): to the report in the default language.
  app.get('/verify', { schema: { hide: true } }, async (request, reply) =>
    reply.redirect(`/${request.lang}/verify`, 302),
  );
  app.get('/verify/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const code = normaliseCode((request.params as { code: string }).code);
    if (!code) return reply.callNotFound();
    return reply.redirect(`/${request.lang}/verify?code=${code}`, 302);
  });

  const download = async (request: FastifyRequest, reply: FastifyReply, part: 'document' | 'signature') => {
    const code = normaliseCode((request.params as { code: string }).code);
    const document = code ? await documentByCode(platform.database.db, code) : undefined;
    const bytes = part === 'document' ? document?.content : document?.signature;
    if (!document || !bytes) return reply.callNotFound();
    const name = part === 'document' ? `${code}.${extension(document.contentType)}` : `${code}.p7s`;
    return reply
      .type(part === 'document' ? document.contentType : 'application/pkcs7-signature')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(bytes));
  };
  app.get('/verify/:code/document', { schema: { hide: true, params: CodeParams } }, (request, reply) =>
    download(request, reply, 'document'),
  );
  app.get('/verify/:code/signature', { schema: { hide: true, params: CodeParams } }, (request, reply) =>
    download(request, reply, 'signature'),
  );
}

function extension(type: IssuedDocument['contentType']): string {
  return type === 'application/pdf' ? 'pdf' : type === 'application/json' ? 'json' : 'txt';
}
