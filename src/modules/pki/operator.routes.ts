import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireRole, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { registerOrganisations } from '../identity/index.ts';
import type { PkiContext } from './context.ts';
import { parseReason } from './holder.routes.ts';
import { normaliseSerial } from './issue.ts';
import { pendingRequests } from './pki.repository.ts';
import { decide, revoke } from './pki.service.ts';

export const OPERATOR_REASONS = [0, 1, 2, 3, 4, 5, 6, 9] as const;
const Lang = Type.String({ pattern: '^(az|en|ru)$' });
const IdParams = Type.Object({ lang: Lang, id: Type.String({ maxLength: 80 }) });
const DecisionBody = Type.Object({
  decision: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
});
const RevokeBody = Type.Object({
  serial: Type.Optional(Type.String({ maxLength: 200 })),
  reason: Type.Optional(Type.String({ maxLength: 3 })),
  _csrf: Type.Optional(Type.String()),
});

/** The certification-centre operator's queue of organisation requests and revocation by serial. */
export function operatorRoutes(app: FastifyInstance, ctx: PkiContext): void {
  const { db } = ctx.platform.database;
  const guard = { preHandler: requireRole('ca_operator') };
  const queue = async (extra: Record<string, unknown> = {}) => {
    const pending = await pendingRequests(db);
    const ids = [...new Set(pending.map((p) => p.organisationId).filter((id): id is string => !!id))];
    const names = ids.length
      ? await db
          .select({ id: registerOrganisations.id, name: registerOrganisations.name })
          .from(registerOrganisations)
          .where(inArray(registerOrganisations.id, ids))
      : [];
    const byId = new Map(names.map((n) => [n.id, n.name]));
    return {
      pending: pending.map((p) => ({
        ...p,
        organisationName: p.organisationId ? byId.get(p.organisationId) : undefined,
      })),
      reasons: OPERATOR_REASONS,
      values: {},
      ...extra,
    };
  };

  app.get('/:lang/pki/operator', { ...guard, schema: { hide: true } }, async (request, reply) =>
    reply.page('pki/views/operator.njk', { ...(await queue()), query: request.query }),
  );

  app.post(
    '/:lang/pki/operator/requests/:id',
    { ...guard, schema: { hide: true, params: IdParams, body: DecisionBody } },
    async (request, reply) => {
      const decision = (request.body as { decision?: string }).decision;
      if (decision !== 'approve' && decision !== 'reject') return sendErrorPage(request, reply, 'badRequest');
      const outcome = await decide(
        ctx,
        request.viewer as Viewer,
        (request.params as { id: string }).id,
        decision === 'approve',
      );
      if (!outcome.ok && outcome.problem === 'notFound') return sendErrorPage(request, reply, 'notFound');
      const query = outcome.ok ? `done=${decision}` : `problem=${outcome.problem}`;
      return reply.redirect(`/${request.lang}/pki/operator?${query}`, 303);
    },
  );

  app.post(
    '/:lang/pki/operator/revoke',
    { ...guard, schema: { hide: true, body: RevokeBody } },
    async (request, reply) => {
      const body = request.body as { serial?: string; reason?: string };
      const serial = normaliseSerial(body.serial ?? '');
      const reason = parseReason(body.reason, OPERATOR_REASONS);
      const outcome =
        serial && reason !== undefined
          ? await revoke(ctx, request.viewer as Viewer, serial, reason, true)
          : ({ ok: false, problem: 'notFound' } as const);
      if (outcome.ok) return reply.redirect(`/${request.lang}/pki/operator?done=revoked`, 303);
      const text = (translator(request.lang) as (key: string) => string)(
        `pki.error.revoke.${outcome.problem}`,
      );
      return reply.code(400).page('pki/views/operator.njk', {
        ...(await queue({ values: body })),
        errorList: [{ text, href: '#serial' }],
        errors: { serial: { text } },
      });
    },
  );
}
