import pino from 'pino';
import { loadConfig } from '../config.ts';
import { verifyChain } from '../modules/audit/index.ts';
import { catalogueCommands } from '../modules/catalogue/cli.ts';
import { identityCommands } from '../modules/identity/cli.ts';
import { caCommands } from '../modules/pki/cli.ts';
import { statisticsCommands } from '../modules/statistics/cli.ts';
import { systemClock } from '../platform/clock.ts';
import { migrate } from '../platform/db/migrate.ts';
import { runSeeders } from '../platform/db/seed.ts';
import { resolveSecretKey } from '../platform/secret.ts';
import { demoSeeders } from '../seeders.ts';
import { describeDatabase, openConfiguredDatabase, serve } from '../server.ts';
import type { Command } from './egov.ts';

const EMBEDDED_NOTE =
  'On the embedded database the portal must be stopped first (one process owns the data directory); ' +
  'on PostgreSQL it may run.';

export const commands: Record<string, Command> = {
  ...catalogueCommands,
  ...identityCommands,
  ...caCommands,
  ...statisticsCommands,
  'audit verify': {
    summary: 'Check the hash chain of the audit log; names the first changed, removed or reordered entry.',
    usage: 'egov audit verify',
    run: async () => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config, pino({ level: config.logLevel }));
      try {
        const report = await verifyChain(database.db);
        if (!report.firstBroken) {
          console.log(`Audit log intact: ${report.entries} entries.`);
          return 0;
        }
        console.error(`Audit log broken at entry ${report.firstBroken.id}: ${report.firstBroken.problem}.`);
        return 2;
      } finally {
        await database.close();
      }
    },
  },
  serve: {
    summary: 'Start the portal: migrate, load demo data on first start (DEMO_DATA), serve HTTP.',
    usage: 'egov serve',
    run: async () => {
      await serve(loadConfig());
      return undefined;
    },
  },
  migrate: {
    summary: `Apply the database migrations and exit. ${EMBEDDED_NOTE}`,
    usage: 'egov migrate',
    run: async () => {
      const config = loadConfig();
      const log = pino({ level: config.logLevel });
      const database = await openConfiguredDatabase(config, log);
      try {
        await migrate(database);
        console.log(`Migrated ${describeDatabase(config)}.`);
      } finally {
        await database.close();
      }
      return 0;
    },
  },
  'seed demo': {
    summary: `Load the demo data (what has not been loaded yet) and exit. ${EMBEDDED_NOTE}`,
    usage: 'egov seed demo',
    run: async () => {
      const config = loadConfig();
      const log = pino({ level: config.logLevel });
      const database = await openConfiguredDatabase(config, log);
      try {
        await migrate(database);
        const secret = resolveSecretKey(config.secretKey, config.dataDir);
        const ran = await runSeeders(demoSeeders, {
          database,
          clock: systemClock,
          secret,
          log,
          profile: 'demo',
        });
        console.log(
          ran.length ? `Loaded demo data: ${ran.join(', ')}.` : 'The demo data was already loaded.',
        );
      } finally {
        await database.close();
      }
      return 0;
    },
  },
};
