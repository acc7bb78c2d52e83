import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendErrorPage, sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { LookupDefinition } from './definition.model.ts';
import { callsAgency, externalPage } from './external.routes.ts';
import { runLookup } from './lookup.service.ts';
import { errorSummary, needsLogin, type ServiceContext, serviceContext } from './page-context.ts';
import { referenceStartPage } from './reference.routes.ts';
import { referenceSpec } from './reference.service.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);
const ApiCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$' }) });
const KeyQuery = Type.Record(Type.String(), Type.String({ maxLength: 200 }));

function lookupPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServiceContext,
  extra: Record<string, unknown>,
) {
  const definition = context.stored.definition as LookupDefinition;
  const lang = request.lang as Language;
  return reply.page('services/views/lookup.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    agencyName: context.agencyName,
    keys: definition.keys.map((k) => ({
      name: k.name,
      label: k.label[lang],
      hint: k.hint?.[lang],
      maxLength: String(k.maxLength),
      numeric: /^\[0-9\]/.test(k.pattern),
    })),
    values: {},
    ...extra,
  });
}

/** Start pages of every kind, the lookup page and its JSON twin. */
export function registerLookupRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const clock = app.platform.clock;

  app.get(
    '/:lang/services/:code/start',
    { schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const context = await serviceContext(db, code, request.lang as Language);
      if (!context) return sendErrorPage(request, reply, 'notFound');
      const kind = context.stored.definition.kind;
      if (kind === 'lookup') {
        if (await needsLogin(request, reply, context.authLevel)) return reply;
        return lookupPage(request, reply, context, {});
      }
      if (kind === 'application') return reply.redirect(`/${request.lang}/services/${code}/apply`, 303);
      if (referenceSpec(context.stored)) {
        if (await needsLogin(request, reply, context.authLevel === 'none' ? 'passcode' : context.authLevel))
          return reply;
        return referenceStartPage(request, reply, context);
      }
      if (callsAgency(context)) {
        if (await needsLogin(request, reply, context.authLevel)) return reply;
        return externalPage(request, reply, context, {});
      }
      const definition = context.stored.definition;
      return reply.page('services/views/redirect.njk', {
        serviceName: context.serviceName,
        agencyName: context.agencyName,
        note: definition.note[request.lang as Language],
        url: context.url && /^https:\/\//.test(context.url) ? context.url : null,
      });
    },
  );

  app.get(
    '/:lang/services/:code/lookup',
    { schema: { hide: true, params: CodeParams }, config: { rateLimit: { max: 120, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const lang = request.lang as Language;
      const context = await serviceContext(db, code, lang);
      if (context?.stored.definition.kind !== 'lookup') return sendErrorPage(request, reply, 'notFound');
      if (await needsLogin(request, reply, context.authLevel)) return reply;
      const query = (request.query ?? {}) as Record<string, unknown>;
      const outcome = await runLookup(db, {
        serviceCode: code,
        keys: query,
        lang,
        channel: 'web',
        userKey: request.viewer?.pseudonym ?? null,
        at: clock.now(),
      });
      const values = Object.fromEntries(
        context.stored.definition.keys.map((k) => [
          k.name,
          typeof query[k.name] === 'string' ? String(query[k.name]).slice(0, 200) : '',
        ]),
      );
      if (outcome.status === 'invalid')
        return lookupPage(request, reply.code(400), context, { values, ...errorSummary(outcome.errors) });
      if (outcome.status === 'unknown') return sendErrorPage(request, reply, 'notFound');
      return lookupPage(request, reply, context, {
        values,
        answer: { found: outcome.status === 'found', text: outcome.text },
      });
    },
  );

  app.get(
    '/api/v1/services/:code/lookup',
    {
      schema: {
        tags: ['services'],
        summary: 'Answer a registry lookup of a published service',
        params: ApiCodeParams,
        querystring: KeyQuery,
        response: {
          200: Type.Object({ found: Type.Boolean(), text: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const query = request.query as Record<string, string>;
      const lang = (['az', 'en', 'ru'].includes(query.lang ?? '') ? query.lang : 'az') as Language;
      const outcome = await runLookup(db, {
        serviceCode: code,
        keys: query,
        lang,
        channel: 'api',
        userKey: request.viewer?.pseudonym ?? null,
        at: clock.now(),
      });
      if (outcome.status === 'unknown') return sendProblem(reply, 404, 'no such lookup service');
      if (outcome.status === 'invalid')
        return sendProblem(
          reply,
          400,
          'invalid keys',
          outcome.errors.map((e) => `${e.field}: ${e.text}`).join('; '),
        );
      return { found: outcome.status === 'found', text: outcome.text };
    },
  );
}
