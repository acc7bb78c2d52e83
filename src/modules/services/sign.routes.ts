import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { type ApplicationRow, draftOf, SUBMISSION_KEY } from './applications.service.ts';
import { canonicalSubmission } from './canonical.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { answers, answerValue } from './form.ts';
import { tr } from './messages.ts';
import { errorSummary, type ServiceContext, serviceContext, stringBody } from './page-context.ts';
import { pageOfField, pagesOf } from './pages.ts';
import { type ApplicationSignature, completeSigning, prepareSigning } from './signing.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);
const PrepareBody = Type.Object({
  submissionKey: Type.String({ maxLength: 64 }),
  publicKey: Type.String({ maxLength: 2000 }),
});

export const signatureRequired = (context: ServiceContext) => context.authLevel === 'esignature';

/** "Check your answers": the answers, the exact text that is signed, and the buttons the service allows. */
export function renderCheck(
  reply: FastifyReply,
  context: ServiceContext,
  lang: Language,
  draft: ApplicationRow,
  extra: Record<string, unknown> = {},
) {
  const t = tr(lang);
  const change = `/${lang}/services/${context.stored.code}/apply?key=${draft.submissionKey}`;
  const definition = context.stored.definition as ApplicationDefinition;
  const pages = pagesOf(definition, lang);
  const files = (id: string) => `/${lang}/account/applications/${draft.id}/files/${id}`;
  return reply.page('services/views/check.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    submissionKey: draft.submissionKey,
    signedText: canonicalSubmission({
      serviceCode: draft.serviceCode,
      definitionVersion: draft.definitionVersion,
      submissionKey: draft.submissionKey,
      answers: draft.data,
    }),
    signatureRequired: signatureRequired(context),
    rows: answers(definition, draft.data, lang).map((a) => ({
      key: { text: a.label },
      value: answerValue(a, lang, files),
      actions: {
        items: [
          {
            href: `${change}&page=${pageOfField(pages, a.name).name}#${a.name}`,
            text: t('services.check.change'),
            visuallyHiddenText: a.label,
          },
        ],
      },
    })),
    ...extra,
  });
}

/**
 * The signature posted with "Sign and submit", verified; or the check page again with the reason (400), in
 * which case `sent` is true. A service that requires a signature refuses a submission without one.
 */
export async function signatureOfSubmission(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServiceContext,
  key: string,
): Promise<{ sent: true } | { sent: false; signature?: ApplicationSignature }> {
  const body = stringBody(request);
  const viewer = request.viewer as Viewer;
  const lang = request.lang as Language;
  const signing = typeof body.signature === 'string' && body.signature !== '';
  if (!signing && !signatureRequired(context)) return { sent: false };
  const draft = await draftOf(request.server.platform.database.db, viewer, key);
  // Already submitted (a second press) or not this service's: the submission itself answers that.
  if (draft?.status !== 'draft' || draft.serviceCode !== context.stored.code) return { sent: false };
  const result = signing
    ? await completeSigning(request.server.platform, viewer, draft, body)
    : ({ problem: 'required' } as const);
  if (!('problem' in result)) return { sent: false, signature: result };
  request.log.info({ problem: result.problem }, 'application signature refused');
  const text = tr(lang)(`services.sign.error.${result.problem}`);
  renderCheck(reply.code(400), context, lang, draft, errorSummary([{ field: 'sign-and-submit', text }]));
  return { sent: true };
}

/** Step one of signing in the browser: the signed attributes over the draft's canonical bytes. */
export function registerSignRoutes(app: FastifyInstance): void {
  app.post(
    '/:lang/services/:code/signature',
    {
      preHandler: requireLogin('substantial'),
      schema: { hide: true, params: CodeParams, body: PrepareBody },
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const body = request.body as { submissionKey: string; publicKey: string };
      const { db } = app.platform.database;
      const context = await serviceContext(db, code, request.lang as Language);
      const draft = SUBMISSION_KEY.test(body.submissionKey)
        ? await draftOf(db, request.viewer as Viewer, body.submissionKey)
        : undefined;
      if (!context || draft?.status !== 'draft' || draft.serviceCode !== context.stored.code)
        return sendProblem(reply, 404, 'no such draft');
      const result = await prepareSigning(app.platform, request.viewer as Viewer, draft, body.publicKey);
      if ('problem' in result) return sendProblem(reply, 422, result.problem);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );
}
