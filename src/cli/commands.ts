import { loadConfig } from '../config.ts';
import { catalogueCommands } from '../modules/catalogue/cli.ts';
import { identityCommands } from '../modules/identity/cli.ts';
import { caCommands } from '../modules/pki/cli.ts';
import { servicesCommands } from '../modules/services/cli.ts';
import { statisticsCommands } from '../modules/statistics/cli.ts';
import { systemClock } from '../platform/clock.ts';
import { describeDatabase } from '../platform/db/configured.ts';
import { resolveSecretKey } from '../platform/secret.ts';
import { EMBEDDED_NOTE, withDatabase } from './database.ts';
import type { Command } from './egov.ts';

// Each command loads what it runs when it runs (`await import`): the command table and `--help` stay
// light, and `egov stats import` does not carry the whole portal (240 MB before, measured with
// bench/max-rss.ts).

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
          const { unsealedEntries, verifyChain } = await import('../modules/audit/index.ts');
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
      const { serve } = await import('../server.ts');
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
        const { runSeeders } = await import('../platform/db/seed.ts');
        const { demoSeeders } = await import('../seeders.ts');
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
