import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage, sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { draftOf, newSubmissionKey, SUBMISSION_KEY, submitApplication } from './applications.service.ts';
import { formPage, pageNamed, postPage } from './apply-page.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { validateData } from './form.ts';
import { tr } from './messages.ts';
import { errorSummary, needsLogin, serviceContext, stringBody } from './page-context.ts';
import { pageOfField, pagesOf } from './pages.ts';
import { renderCheck, signatureOfSubmission } from './sign.routes.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);
const ApiBody = Type.Object({
  submissionKey: Type.String({ pattern: SUBMISSION_KEY.source }),
  lang: Type.Optional(Type.Union([Type.Literal('az'), Type.Literal('en'), Type.Literal('ru')])),
  data: Type.Record(Type.String(), Type.Unknown()),
});

async function applicationContext(request: FastifyRequest, reply: FastifyReply) {
  const { code } = request.params as { code: string };
  const context = await serviceContext(request.server.platform.database.db, code, request.lang as Language);
  if (context?.stored.definition.kind !== 'application') {
    sendErrorPage(request, reply, 'notFound');
    return undefined;
  }
  if (await needsLogin(request, reply, context.authLevel)) return undefined;
  return context;
}

/** The viewer's application under a submission key given in a request (undefined for a malformed key). */
async function draftByKey(request: FastifyRequest, key: unknown) {
  if (typeof key !== 'string' || !SUBMISSION_KEY.test(key)) return undefined;
  return draftOf(request.server.platform.database.db, request.viewer as Viewer, key);
}

type ApplicationContext = NonNullable<Awaited<ReturnType<typeof applicationContext>>>;

/** A page handler of an application service: 404 for other kinds, the login it needs, then the handler. */
function withApplication(
  handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    context: ApplicationContext,
    lang: Language,
  ) => Promise<unknown>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await applicationContext(request, reply);
    if (!context) return reply;
    return handler(request, reply, context, request.lang as Language);
  };
}

/** The application form, drafts, check your answers and the once-only submission. */
export function registerApplyRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const clock = app.platform.clock;
  const guard = { preHandler: requireLogin('substantial') };

  app.get(
    '/:lang/services/:code/apply',
    { ...guard, schema: { hide: true, params: CodeParams } },
    withApplication(async (request, reply, context, lang) => {
      const query = request.query as Record<string, unknown>;
      const page = pageNamed(context, lang, query.page);
      const draft = await draftByKey(request, query.key);
      if (draft?.status === 'draft' && draft.serviceCode === context.stored.code)
        return formPage(reply, context, lang, {
          key: draft.submissionKey,
          page,
          data: draft.data,
          applicationId: draft.id,
        });
      // A later page without a draft starts at the first.
      return formPage(reply, context, lang, {
        key: newSubmissionKey(),
        page: pageNamed(context, lang, ''),
        data: {},
      });
    }),
  );

  app.post(
    '/:lang/services/:code/apply',
    { ...guard, schema: { hide: true, params: CodeParams } },
    withApplication(async (request, reply, context, lang) => {
      const outcome = await postPage(request, context);
      if (outcome.kind === 'errors')
        return formPage(
          reply.code(400),
          context,
          lang,
          { ...outcome.state, key: outcome.state.key || newSubmissionKey() },
          errorSummary(outcome.errors),
        );
      const { row, state } = outcome;
      if (row.status !== 'draft') return reply.redirect(`/${lang}/account/applications/${row.id}`, 303);
      if (outcome.saving) return formPage(reply, context, lang, state, { saved: true });
      const base = `/${lang}/services/${context.stored.code}`;
      if (outcome.next)
        return reply.redirect(`${base}/apply?key=${state.key}&page=${outcome.next.name}`, 303);
      return reply.redirect(`${base}/check?key=${state.key}`, 303);
    }),
  );

  app.get(
    '/:lang/services/:code/check',
    { ...guard, schema: { hide: true, params: CodeParams } },
    withApplication(async (request, reply, context, lang) => {
      const draft = await draftByKey(request, (request.query as Record<string, unknown>).key);
      if (!draft || draft.serviceCode !== context.stored.code)
        return sendErrorPage(request, reply, 'notFound');
      if (draft.status !== 'draft') return reply.redirect(`/${lang}/account/applications/${draft.id}`, 303);
      // A draft with pages still unanswered (a check page opened early) goes back to the first such page.
      const [missing] = validateData(context.stored, draft.data, lang);
      if (missing && draft.definitionVersion === context.stored.version) {
        const page = pageOfField(
          pagesOf(context.stored.definition as ApplicationDefinition, lang),
          missing.field,
        );
        return reply.redirect(
          `/${lang}/services/${context.stored.code}/apply?key=${draft.submissionKey}&page=${page.name}`,
          303,
        );
      }
      return renderCheck(reply, context, lang, draft);
    }),
  );

  app.post(
    '/:lang/services/:code/submit',
    { ...guard, schema: { hide: true, params: CodeParams } },
    withApplication(async (request, reply, context, lang) => {
      const key = stringBody(request).submissionKey;
      if (typeof key !== 'string' || !SUBMISSION_KEY.test(key))
        return sendErrorPage(request, reply, 'notFound');
      const signing = await signatureOfSubmission(request, reply, context, key);
      if (signing.sent) return reply;
      const outcome = await submitApplication(
        db,
        {
          viewer: request.viewer as Viewer,
          serviceCode: context.stored.code,
          submissionKey: key,
          lang,
          channel: 'web',
          signature: signing.signature,
        },
        clock.now(),
      );
      if (outcome.kind === 'submitted')
        return reply.redirect(`/${lang}/account/applications/${outcome.application.id}?submitted=1`, 303);
      if (outcome.kind === 'signatureChanged') {
        const draft = await draftOf(db, request.viewer as Viewer, key);
        const text = tr(lang)('services.sign.error.changed');
        if (draft)
          return renderCheck(
            reply.code(409),
            context,
            lang,
            draft,
            errorSummary([{ field: 'sign-and-submit', text }]),
          );
      }
      if (outcome.kind === 'stale') {
        const draft = await draftOf(db, request.viewer as Viewer, key);
        const errors = [
          {
            field: (context.stored.definition as ApplicationDefinition).fields[0]?.name ?? '',
            text: tr(lang)('services.form.error.changed'),
          },
          ...validateData(context.stored, draft?.data ?? {}, lang),
        ];
        const pages = pagesOf(context.stored.definition as ApplicationDefinition, lang);
        const page = pageOfField(pages, errors[1]?.field ?? '');
        errors[0] = { field: page.fields[0]?.name ?? '', text: errors[0]?.text ?? '' };
        return formPage(
          reply.code(409),
          context,
          lang,
          { key, page, data: draft?.data ?? {}, applicationId: draft?.id },
          errorSummary(errors.filter((e) => page.fields.some((f) => f.name === e.field))),
        );
      }
      return sendErrorPage(request, reply, 'notFound');
    }),
  );

  app.post(
    '/api/v1/services/:code/applications',
    {
      preHandler: requireLogin('substantial'),
      schema: {
        tags: ['services'],
        summary:
          'Submit an application (idempotent by submissionKey); session cookie and x-csrf-token header',
        params: Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$' }) }),
        body: ApiBody,
      },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const body = request.body as { submissionKey: string; lang?: Language; data: Record<string, unknown> };
      // Signing needs the resident's browser key: such services take applications through the pages only.
      if ((await serviceContext(db, code, 'en'))?.authLevel === 'esignature')
        return sendProblem(reply, 403, 'this service requires an e-signature; submit it on the portal');
      const outcome = await submitApplication(
        db,
        {
          viewer: request.viewer as Viewer,
          serviceCode: code,
          submissionKey: body.submissionKey,
          lang: body.lang ?? 'az',
          channel: 'api',
          data: body.data,
        },
        clock.now(),
      );
      if (outcome.kind === 'missing') return sendProblem(reply, 404, 'no such application service');
      if (outcome.kind === 'stale' || outcome.kind === 'signatureChanged')
        return sendProblem(reply, 409, 'the service definition changed');
      if (outcome.kind === 'invalid')
        return sendProblem(reply, 400, 'invalid data', undefined, { errors: outcome.errors });
      const { application, duplicate } = outcome;
      return reply
        .code(duplicate ? 200 : 201)
        .send({ id: application.id, number: application.number, status: application.status });
    },
  );
}
