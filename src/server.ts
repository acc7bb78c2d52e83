import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, type Platform } from './app.ts';
import type { Config } from './config.ts';
import { systemClock } from './platform/clock.ts';
import type { Database } from './platform/db/client.ts';
import { openConfiguredDatabase } from './platform/db/configured.ts';
import { migrate } from './platform/db/migrate.ts';
import { runSeeders } from './platform/db/seed.ts';
import { logSerializers } from './platform/http/request-id.ts';
import { resolveSecretKey } from './platform/secret.ts';
import { buildAssets } from './platform/views/assets.ts';
import { demoSeeders } from './seeders.ts';

/** Starts the portal: database, migrations, demo data, HTTP; stops gracefully on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<FastifyInstance> {
  const log = pino({ level: config.logLevel, serializers: logSerializers });
  const started = Date.now();
  const secret = resolveSecretKey(config.secretKey, config.dataDir);
  await buildAssets();
  const database = await openConfiguredDatabase(config, log);
  let app: FastifyInstance | undefined;
  const platform: Platform = {
    config,
    database,
    clock: systemClock,
    secret,
    demoDataLoading: config.demoData,
  };
  try {
    await migrate(database);
    app = await buildApp(platform, { loggerInstance: log });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (app) await app.close().catch(() => undefined);
    else await database.close().catch(() => undefined);
    throw error;
  }
  log.info({ url: config.publicUrl, database: database.kind, ms: Date.now() - started }, 'portal started');
  const stopping = { value: false };
  // Demo data loads after the portal listens, so a first start serves pages within seconds.
  const seeding = config.demoData ? loadDemoData(platform, log, () => stopping.value) : Promise.resolve();
  handleShutdown(app, database, config.shutdownTimeoutMs, log, async () => {
    stopping.value = true;
    await seeding;
  });
  return app;
}

async function loadDemoData(platform: Platform, log: pino.Logger, shouldStop: () => boolean): Promise<void> {
  const { database, clock, secret } = platform;
  try {
    await runSeeders(demoSeeders, { database, clock, secret, log, profile: 'demo' }, shouldStop);
    log.info('demo data ready');
  } catch (error) {
    log.error({ err: error }, 'demo data could not be loaded');
  } finally {
    platform.demoDataLoading = false;
  }
}

function handleShutdown(
  app: FastifyInstance,
  database: Database,
  timeoutMs: number,
  log: pino.Logger,
  beforeClose: () => Promise<void>,
): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: letting a demo seeder in progress finish');
    // The seeder in progress is not cut in half (it would load twice on the next start); the time limit
    // applies to requests in flight. close() stops accepting, waits for them and runs the modules'
    // onClose hooks (which flush their buffers); only then may the database go.
    beforeClose()
      .then(() => {
        log.info('finishing requests in flight');
        setTimeout(() => {
          log.error('shutdown took too long; exiting');
          process.exit(1);
        }, timeoutMs).unref();
        return app.close();
      })
      .then(() => database.close())
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error) => {
          log.error({ err: error }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
