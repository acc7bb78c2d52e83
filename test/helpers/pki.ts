import type { Config } from '../../src/config.ts';
import { initHierarchy } from '../../src/modules/pki/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/client.ts';

/** The CA hierarchy with fast (P-256) keys; nothing happens when one exists already (the demo data's). */
export async function ensureTestCa(t: { database: Database; config: Config; clock: Clock }): Promise<void> {
  await initHierarchy(t.database.db, {
    publicUrl: t.config.publicUrl,
    passphrase: t.config.caPassphrase,
    now: t.clock.now(),
    keys: 'fast',
  });
}
