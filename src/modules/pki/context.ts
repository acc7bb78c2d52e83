import type { Platform } from '../../app.ts';
import { type CaMaterial, loadCa } from './ca.ts';
import { OcspResponder } from './ocsp.ts';
import { certificateStatusAt } from './status.ts';

/** What the module's services share: the platform plus the CA material, decrypted once and kept. */
export interface PkiContext {
  platform: Platform;
  ca(): Promise<CaMaterial | undefined>;
  responder(): Promise<OcspResponder | undefined>;
  /** Forgets loaded CA material (after `egov ca init` in the same process, e.g. the seeder in tests). */
  reset(): void;
}

export function createPkiContext(platform: Platform): PkiContext {
  let ca: Promise<CaMaterial | undefined> | undefined;
  let responder: OcspResponder | undefined;
  const { database, config, clock } = platform;
  const context: PkiContext = {
    platform,
    ca() {
      // A wrong CA_PASSPHRASE or no hierarchy yet: the CA is unavailable (503 / noCa), never a 500; retried later.
      ca ??= loadCa(database.db, config.caPassphrase, config.publicUrl)
        .catch(() => undefined)
        .then((material) => {
          if (!material) ca = undefined;
          return material;
        });
      return ca;
    },
    async responder() {
      const material = await context.ca();
      if (!material) return undefined;
      responder ??= new OcspResponder(
        material,
        async (serial) => certificateStatusAt(database.db, serial, clock.now()),
        () => clock.now(),
      );
      return responder;
    },
    reset() {
      ca = undefined;
      responder = undefined;
    },
  };
  return context;
}
