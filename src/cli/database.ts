import pino from 'pino';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../platform/db/client.ts';
import { openConfiguredDatabase } from '../platform/db/configured.ts';
import { migrate } from '../platform/db/migrate.ts';

export const EMBEDDED_NOTE =
  'On the embedded database (no DATABASE_URL) stop the portal first: while it runs it holds the data ' +
  'directory and this command refuses with a clear message. On PostgreSQL it may run alongside the portal.';

/** Opens the configured database for one command (migrated unless told otherwise) and always closes it. */
export async function withDatabase(
  work: (database: Database, config: Config, log: pino.Logger) => Promise<number>,
  options: { migrate: boolean } = { migrate: true },
): Promise<number> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const database = await openConfiguredDatabase(config, log, { lean: true });
  try {
    if (options.migrate) await migrate(database);
    return await work(database, config, log);
  } finally {
    await database.close();
  }
}
