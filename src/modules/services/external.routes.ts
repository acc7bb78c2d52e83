import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { ExternalDefinition, StoredDefinition } from './definition.model.ts';
import { askExternal } from './external.service.ts';
import './messages.external.ts';
import { tr } from './messages.ts';
import { errorSummary, needsLogin, type ServiceContext, serviceContext, stringBody } from './page-context.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);

type ExternalContext = ServiceContext & { stored: StoredDefinition & { definition: ExternalDefinition } };

/** An external service that the portal calls itself (it has an endpoint); the others only link out. */
export function callsAgency(context: ServiceContext): context is ExternalContext {
  const definition = context.stored.definition;
  return definition.kind === 'external' && definition.endpoint !== undefined;
}

/** The question form of an external service, with the answer or what went wrong. */
export function externalPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ExternalContext,
  extra: Record<string, unknown>,
) {
  const lang = request.lang as Language;
  const definition = context.stored.definition;
  return reply.page('services/views/external.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    agencyName: context.agencyName,
    note: definition.note[lang],
    keys: (definition.keys ?? []).map((k) => ({
      name: k.name,
      label: k.label[lang],
      hint: k.hint?.[lang],
      maxLength: String(k.maxLength),
    })),
    values: {},
    ...extra,
  });
}

/** Asking the agency's system (POST: it is sent on the person's behalf and audited; CSRF by the platform). */
export function registerExternalRoutes(app: FastifyInstance): void {
  const { platform } = app;
  app.post(
    '/:lang/services/:code/ask',
    {
      schema: { hide: true, params: CodeParams },
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const lang = request.lang as Language;
      const context = await serviceContext(platform.database.db, code, lang);
      if (!context || !callsAgency(context)) return sendErrorPage(request, reply, 'notFound');
      if (await needsLogin(request, reply, context.authLevel)) return reply;
      const body = stringBody(request);
      const viewer = request.viewer;
      const outcome = await askExternal(platform, context.stored, {
        keys: body,
        lang,
        channel: 'web',
        viewer: viewer
          ? { accountId: viewer.accountId, personId: viewer.personId, pseudonym: viewer.pseudonym }
          : null,
        at: platform.clock.now(),
      });
      const values = Object.fromEntries(
        (context.stored.definition.keys ?? []).map((k) => [
          k.name,
          typeof body[k.name] === 'string' ? String(body[k.name]).slice(0, 200) : '',
        ]),
      );
      if (outcome.status === 'invalid')
        return externalPage(request, reply.code(400), context, { values, ...errorSummary(outcome.errors) });
      if (outcome.status === 'answered')
        return externalPage(request, reply, context, { values, answer: outcome.text });
      const message = outcome.open ? 'services.external.paused' : 'services.external.unavailable';
      return externalPage(request, reply.code(503), context, {
        values,
        unavailable: tr(lang)(message, { agency: context.agencyName }),
      });
    },
  );
}
