import { withDatabase } from '../../cli/database.ts';
import type { Command } from '../../cli/egov.ts';
import { systemClock } from '../../platform/clock.ts';

export const caCommands: Record<string, Command> = {
  'ca init': {
    summary:
      'Create the root CA, the e-signature issuing CA and the OCSP responder (keys encrypted with CA_PASSPHRASE). ' +
      'Does nothing when they exist. On the embedded database stop the portal first.',
    usage: 'egov ca init',
    // On PGlite this fails with a clear message while the server holds the data directory.
    run: () =>
      withDatabase(async (database, config) => {
        // Loaded when run: the command table stays light (src/cli/commands.ts).
        const { initHierarchy, loadCa } = await import('./ca.ts');
        const { publishCrl } = await import('./crl.service.ts');
        try {
          const now = systemClock.now();
          const created = await initHierarchy(database.db, {
            publicUrl: config.publicUrl,
            passphrase: config.caPassphrase,
            now,
            keys: 'standard',
          });
          const ca = await loadCa(database.db, config.caPassphrase, config.publicUrl);
          if (!ca) {
            console.error('The CA keys could not be opened: is CA_PASSPHRASE the one they were made with?');
            return 1;
          }
          if (created) await publishCrl(database.db, ca, now);
          console.log(created ? 'Created the CA hierarchy:' : 'The CA hierarchy exists already:');
          for (const [role, cert] of [
            ['root', ca.root],
            ['issuing', ca.issuing],
            ['ocsp', ca.ocsp],
          ] as const)
            console.log(`  ${role}\t${cert.subject}\tserial ${cert.serialNumber}`);
          return 0;
        } catch (error) {
          if (error instanceof Error && /passphrase|decrypt/i.test(error.message)) {
            console.error('The CA keys could not be opened: is CA_PASSPHRASE the one they were made with?');
            return 1;
          }
          throw error;
        }
      }),
  },
};
