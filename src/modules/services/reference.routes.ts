import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { type Language, translator } from '../../platform/i18n/i18n.ts';
import { groupedCode, referenceRows } from '../documents/index.ts';
import { needsLogin, type ServiceContext, serviceContext } from './page-context.ts';
import { issueReference, referenceData, referenceSpec } from './reference.service.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);
const t = (lang: Language) => translator(lang) as (key: string, values?: Record<string, string>) => string;

/** The start page of an e-reference: what the document will contain (the person's own data) and the button. */
export async function referenceStartPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServiceContext,
  problem?: string,
) {
  const lang = request.lang as Language;
  const spec = referenceSpec(context.stored);
  if (!spec) return sendErrorPage(request, reply, 'notFound');
  const viewer = request.viewer as Viewer;
  const data = await referenceData(request.server.platform, spec, viewer.personId, lang);
  return reply.page('services/views/reference.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    agencyName: context.agencyName,
    note: context.stored.definition.kind === 'reference' ? context.stored.definition.note[lang] : '',
    documentTitle: spec.title[lang],
    rows: data
      ? referenceRows(spec, data.values, lang).map((r) => ({
          key: { text: r.label },
          value: { text: r.value },
        }))
      : [],
    noRecord: data ? null : t(lang)('documents.reference.noRecord', { agency: context.agencyName }),
    errorList: problem ? [{ text: problem, href: '#get-document' }] : undefined,
  });
}

/** Issuing an e-reference (POST, CSRF-checked by the platform). */
export function registerReferenceRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  app.post(
    '/:lang/services/:code/reference',
    { schema: { hide: true, params: CodeParams }, config: { rateLimit: { max: 30, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const lang = request.lang as Language;
      const context = await serviceContext(db, code, lang);
      if (!context || !referenceSpec(context.stored)) return sendErrorPage(request, reply, 'notFound');
      // A reference is always about the logged-in person: at least a substantial login, whatever the entry says.
      if (await needsLogin(request, reply, context.authLevel === 'none' ? 'passcode' : context.authLevel))
        return reply;
      const outcome = await issueReference(
        app.platform,
        { viewer: request.viewer as Viewer, stored: context.stored, agencyName: context.agencyName, lang },
        request.log,
      );
      if (outcome.kind === 'issued')
        return reply.redirect(`/${lang}/account/documents/${groupedCode(outcome.verificationCode)}`, 303);
      if (outcome.kind === 'no-record') return referenceStartPage(request, reply.code(409), context);
      return referenceStartPage(
        request,
        reply.code(503),
        context,
        t(lang)('documents.reference.unavailable'),
      );
    },
  );
}
