import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const Status = Type.Object({ status: Type.String() });

/** Liveness says the process answers; readiness says it can do work (its database answers). */
export async function healthModule(app: FastifyInstance): Promise<void> {
  const { database } = app.platform;
  app.get('/healthz', { schema: { hide: true, response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: Status, 503: Status } } },
    async (request, reply) => {
      try {
        await withTimeout(database.ping(), 2000);
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: { message: (error as Error).message } }, 'database not reachable');
        return reply.code(503).header('retry-after', '5').send({ status: 'database unavailable' });
      }
    },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
