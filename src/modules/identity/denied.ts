import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit as audit } from '../audit/index.ts';
import type { IdentityContext } from './context.ts';

/** The route pattern, never the concrete URL: ids in paths may identify people. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unknown';
}

/**
 * Records a refused request: someone reaching for what is not theirs (another resident's record answered
 * with 404, another agency's grant, a role they do not have, a post without its CSRF token).
 */
export async function auditDenied(
  context: IdentityContext,
  request: FastifyRequest,
  reason: string,
): Promise<void> {
  const viewer = request.viewer;
  await context.db.transaction((tx) =>
    audit(
      tx,
      {
        action: 'access.denied',
        outcome: 'denied',
        actorAccountId: viewer?.accountId ?? null,
        details: { reason, method: request.method, route: routeOf(request) },
      },
      context.clock.now(),
    ),
  );
}

/** Every 403 of the portal (missing role, failed CSRF check) leaves an audit entry, whichever module answered. */
export function registerDeniedAudit(app: FastifyInstance, context: IdentityContext): void {
  // onSend, not onResponse: the entry is written before the answer leaves, so nothing races it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403) return payload;
    try {
      await auditDenied(context, request, request.viewer ? 'forbidden' : 'forbidden_anonymous');
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'could not audit a refused request');
    }
    return payload;
  });
}
