import { loadConfig } from '../config.ts';
import { unsealedEntries, verifyChain } from '../modules/audit/index.ts';
import { catalogueCommands } from '../modules/catalogue/cli.ts';
import { identityCommands } from '../modules/identity/cli.ts';
import { caCommands } from '../modules/pki/cli.ts';
import { servicesCommands } from '../modules/services/cli.ts';
import { statisticsCommands } from '../modules/statistics/cli.ts';
import { systemClock } from '../platform/clock.ts';
import { runSeeders } from '../platform/db/seed.ts';
import { resolveSecretKey } from '../platform/secret.ts';
import { demoSeeders } from '../seeders.ts';
import { describeDatabase, serve } from '../server.ts';
import { EMBEDDED_NOTE, withDatabase } from './database.ts';
import type { Command } from './egov.ts';

export const commands: Record<string, Command> = {
  ...catalogueCommands,
  ...identityCommands,
  ...caCommands,
  ...statisticsCommands,
  ...servicesCommands,
  'audit verify': {
    summary: 'Check the hash chain of the audit log; names the first changed, removed or reordered entry.',
    usage: 'egov audit verify',
    run: () =>
      withDatabase(
        async (database) => {
          const report = await verifyChain(database.db);
          if (!report.firstBroken) {
            const unsealed = await unsealedEntries(database.db);
            // Sealed by the running server within a second, or by the next start after a crash.
            const pending = unsealed ? ` ${unsealed} newer entries are not sealed yet.` : '';
            console.log(`Audit log intact: ${report.entries} entries.${pending}`);
            return 0;
          }
          console.error(`Audit log broken at entry ${report.firstBroken.id}: ${report.firstBroken.problem}.`);
          return 2;
        },
        { migrate: false },
      ),
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
    run: () =>
      withDatabase(async (_database, config) => {
        console.log(`Migrated ${describeDatabase(config)}.`);
        return 0;
      }),
  },
  'seed demo': {
    summary: `Load the demo data (what has not been loaded yet) and exit. ${EMBEDDED_NOTE}`,
    usage: 'egov seed demo',
    run: () =>
      withDatabase(async (database, config, log) => {
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
        return 0;
      }),
  },
};
