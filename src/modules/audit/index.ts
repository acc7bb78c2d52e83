// Public face of the audit module: other modules record entries through appendAudit inside their own transaction.
import type { FastifyInstance } from 'fastify';
import { sealAudit } from './audit.sealer.ts';

// Short, so that an entry is open to undetected change for about a second at most.
const SEAL_EVERY_MS = 1000;

/** Runs the sealer in the background while the app runs, and once more as it closes. */
export async function auditModule(app: FastifyInstance): Promise<void> {
  const { database } = app.platform;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= sealAudit(database.db)
      .catch((error: Error) => app.log.warn({ message: error.message }, 'audit sealing failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  app.addHook('onReady', async () => {
    timer = setInterval(run, SEAL_EVERY_MS);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
    await run();
  });
}

export { type AuditRow, personalSecurityLog, staffAccessToPerson } from './audit.queries.ts';
export { type AuditEntry, appendAudit, type ChainReport, verifyChain } from './audit.repository.ts';
export { sealAudit, unsealedEntries } from './audit.sealer.ts';
export { auditLog } from './audit.tables.ts';
