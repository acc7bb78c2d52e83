import path from 'node:path';
import type pino from 'pino';
import type { Config } from '../../config.ts';
import { type Database, openDatabase } from './client.ts';

export class StartupError extends Error {
  override name = 'StartupError';
}

/** Hides the password of a database URL so that it can be shown in messages. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${path.join(config.dataDir, 'pglite')}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '***';
  return `PostgreSQL at ${url.toString()}`;
}

/** The database the configuration names (PostgreSQL, else PGlite in DATA_DIR), or a StartupError saying why not. */
export async function openConfiguredDatabase(
  config: Config,
  log: pino.Logger,
  options: { lean?: boolean } = {},
): Promise<Database> {
  try {
    return await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, 'pglite'),
      onPoolError: (error) => log.warn({ message: error.message }, 'database connection lost'),
      lean: options.lean,
    });
  } catch (error) {
    throw new StartupError(`Cannot open ${describeDatabase(config)}: ${(error as Error).message}`);
  }
}
