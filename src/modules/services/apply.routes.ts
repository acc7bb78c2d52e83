import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage, sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import {
  draftOf,
  newSubmissionKey,
  SUBMISSION_KEY,
  saveDraft,
  submitApplication,
} from './applications.service.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { answers, readForm, validateData } from './form.ts';
import { tr } from './messages.ts';
import { errorSummary, needsLogin, type ServiceContext, serviceContext, stringBody } from './page-context.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);
const ApiBody = Type.Object({
  submissionKey: Type.String({ pattern: SUBMISSION_KEY.source }),
  lang: Type.Optional(Type.Union([Type.Literal('az'), Type.Literal('en'), Type.Literal('ru')])),
  data: Type.Record(Type.String(), Type.Unknown()),
});

function formFields(definition: ApplicationDefinition, lang: Language) {
  return definition.fields.map((f) => {
    const parent = f.showIf ? definition.fields.find((p) => p.name === f.showIf?.field) : undefined;
    return {
      name: f.name,
      type: f.type,
      label: f.label[lang],
      hint: f.hint?.[lang],
      options: f.options?.map((o) => ({ value: o.value, text: o.label[lang] })),
      showIf: f.showIf && {
        question: parent?.label[lang] ?? f.showIf.field,
        answer: parent?.options?.find((o) => o.value === f.showIf?.equals)?.label[lang] ?? f.showIf.equals,
      },
    };
  });
}

function formPage(
  reply: FastifyReply,
  context: ServiceContext,
  lang: Language,
  extra: Record<string, unknown>,
) {
  const definition = context.stored.definition as ApplicationDefinition;
  return reply.page('services/views/apply.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    agencyName: context.agencyName,
    definitionVersion: context.stored.version,
    fields: formFields(definition, lang),
    values: {},
    ...extra,
  });
}

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

/** The application form, drafts, check your answers and the once-only submission. */
export function registerApplyRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const clock = app.platform.clock;
  const guard = { preHandler: requireLogin('substantial') };

  app.get(
    '/:lang/services/:code/apply',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const context = await applicationContext(request, reply);
      if (!context) return reply;
      const lang = request.lang as Language;
      const key = (request.query as Record<string, unknown>).key;
      if (typeof key === 'string' && SUBMISSION_KEY.test(key)) {
        const draft = await draftOf(db, request.viewer as Viewer, key);
        if (draft?.status === 'draft' && draft.serviceCode === context.stored.code)
          return formPage(reply, context, lang, { submissionKey: key, values: draft.data });
      }
      return formPage(reply, context, lang, { submissionKey: newSubmissionKey() });
    },
  );

  app.post(
    '/:lang/services/:code/apply',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const context = await applicationContext(request, reply);
      if (!context) return reply;
      const lang = request.lang as Language;
      const t = tr(lang);
      const body = stringBody(request);
      const definition = context.stored.definition as ApplicationDefinition;
      const { data, malformed } = readForm(definition, body);
      const key =
        typeof body.submissionKey === 'string' && SUBMISSION_KEY.test(body.submissionKey)
          ? body.submissionKey
          : null;
      const saving = body.action === 'save';
      const errors = [
        ...malformed.map((field) => ({ field, text: t('services.form.error.invalid', { label: field }) })),
        ...validateData(context.stored, data, lang, { partial: saving }),
      ];
      // A tampered key or a form of an older definition: show the current form again, save nothing.
      if (!key)
        errors.unshift({ field: definition.fields[0]?.name ?? '', text: t('services.form.error.tampered') });
      else if (String(body.definitionVersion) !== String(context.stored.version))
        errors.unshift({ field: definition.fields[0]?.name ?? '', text: t('services.form.error.changed') });
      const stringValues = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
      if (errors.length > 0)
        return formPage(reply.code(400), context, lang, {
          submissionKey: key ?? newSubmissionKey(),
          values: stringValues,
          ...errorSummary(errors),
        });
      const row = await saveDraft(
        db,
        {
          viewer: request.viewer as Viewer,
          stored: context.stored,
          submissionKey: key as string,
          data,
          lang,
        },
        clock.now(),
      );
      if (row.status !== 'draft') return reply.redirect(`/${lang}/account/applications/${row.id}`, 303);
      if (saving)
        return formPage(reply, context, lang, { submissionKey: key, values: stringValues, saved: true });
      return reply.redirect(`/${lang}/services/${context.stored.code}/check?key=${key}`, 303);
    },
  );

  app.get(
    '/:lang/services/:code/check',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const context = await applicationContext(request, reply);
      if (!context) return reply;
      const lang = request.lang as Language;
      const key = (request.query as Record<string, unknown>).key;
      const draft =
        typeof key === 'string' && SUBMISSION_KEY.test(key)
          ? await draftOf(db, request.viewer as Viewer, key)
          : undefined;
      if (!draft || draft.serviceCode !== context.stored.code)
        return sendErrorPage(request, reply, 'notFound');
      if (draft.status !== 'draft') return reply.redirect(`/${lang}/account/applications/${draft.id}`, 303);
      const t = tr(lang);
      const change = `/${lang}/services/${context.stored.code}/apply?key=${key}`;
      return reply.page('services/views/check.njk', {
        code: context.stored.code,
        serviceName: context.serviceName,
        submissionKey: key,
        rows: answers(context.stored.definition as ApplicationDefinition, draft.data, lang).map((a) => ({
          key: { text: a.label },
          value: { text: a.value },
          actions: {
            items: [
              { href: `${change}#${a.name}`, text: t('services.check.change'), visuallyHiddenText: a.label },
            ],
          },
        })),
      });
    },
  );

  app.post(
    '/:lang/services/:code/submit',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const context = await applicationContext(request, reply);
      if (!context) return reply;
      const lang = request.lang as Language;
      const key = stringBody(request).submissionKey;
      if (typeof key !== 'string' || !SUBMISSION_KEY.test(key))
        return sendErrorPage(request, reply, 'notFound');
      const outcome = await submitApplication(
        db,
        {
          viewer: request.viewer as Viewer,
          serviceCode: context.stored.code,
          submissionKey: key,
          lang,
          channel: 'web',
        },
        clock.now(),
      );
      if (outcome.kind === 'submitted')
        return reply.redirect(`/${lang}/account/applications/${outcome.application.id}?submitted=1`, 303);
      if (outcome.kind === 'stale') {
        const draft = await draftOf(db, request.viewer as Viewer, key);
        const values = Object.fromEntries(Object.entries(draft?.data ?? {}).map(([k, v]) => [k, String(v)]));
        const errors = [
          {
            field: (context.stored.definition as ApplicationDefinition).fields[0]?.name ?? '',
            text: tr(lang)('services.form.error.changed'),
          },
          ...validateData(context.stored, draft?.data ?? {}, lang),
        ];
        return formPage(reply.code(409), context, lang, {
          submissionKey: key,
          values,
          ...errorSummary(errors),
        });
      }
      return sendErrorPage(request, reply, 'notFound');
    },
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
      if (outcome.kind === 'stale') return sendProblem(reply, 409, 'the service definition changed');
      if (outcome.kind === 'invalid')
        return sendProblem(reply, 400, 'invalid data', undefined, { errors: outcome.errors });
      const { application, duplicate } = outcome;
      return reply
        .code(duplicate ? 200 : 201)
        .send({ id: application.id, number: application.number, status: application.status });
    },
  );
}
