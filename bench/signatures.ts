import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { registerOrganisations } from '../src/modules/identity/index.ts';
import { certificateStatusAt, initHierarchy } from '../src/modules/pki/index.ts';
import { signDetached, verifyDetached } from '../src/modules/signatures/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';

// bench:signatures — in one process and one run: verifications of an agency's CAdES-T signature per second
// (parse, message digest, signature, chain, timestamp, status from the database) and server-side signatures
// with an RFC 3161 timestamp per second (two ECDSA signatures each), each beside Node's raw ECDSA P-256
// verify / sign rate measured here, so the ratio shows what the CMS and timestamp work costs.
// Goals (issue #9): >= 500 verifications/s and >= 500 signatures with timestamp/s per process.
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-bench-signatures-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ANALYTICS: 'false' });
const database = await openDatabase({});
await migrate(database);
await initHierarchy(database.db, {
  publicUrl: config.publicUrl,
  passphrase: config.caPassphrase,
  now: new Date(),
  keys: 'standard',
});
const platform: Platform = {
  config,
  database,
  clock: systemClock,
  secret: 'bench-secret-long-enough-0123456789',
};
const agencyId = crypto.randomUUID();
await database.db
  .insert(registerOrganisations)
  .values({ id: agencyId, kind: 'state', taxNumber: '1700000001', name: 'Bench Agency' });

/** Runs `step` for `seconds` and returns operations per second. */
async function rate(step: () => unknown): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let n = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i++) await step();
    n += 20;
  }
  return n / ((performance.now() - started) / 1000);
}

try {
  const document = crypto.randomBytes(4096);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rawSignature = crypto.sign('sha256', document, privateKey);
  const cms = await signDetached(platform, agencyId, document); // also warms the key caches
  const check = await verifyDetached(platform, document, cms);
  if (!check.valid) throw new Error(`bench signature does not verify: ${check.failure}`);

  const rawVerify = await rate(() => crypto.verify('sha256', document, publicKey, rawSignature));
  const verify = await rate(() => verifyDetached(platform, document, cms));
  const rawSign = await rate(() => crypto.sign('sha256', document, privateKey));
  const sign = await rate(() => signDetached(platform, agencyId, document));
  // What a verification costs when the signer's status is not in the 5-second cache.
  const serial = check.signer?.serial ?? '';
  const status = await rate(() => certificateStatusAt(database.db, serial, new Date()));

  console.log(`\nSignatures (${seconds} s each, one process, CMS of ${cms.length} bytes over 4 KiB):`);
  console.table([
    { operation: 'raw ECDSA P-256 verify (node:crypto)', 'per second': Math.round(rawVerify), ratio: '100%' },
    {
      operation: 'verify CAdES-T (signature + timestamp + chain + status)',
      'per second': Math.round(verify),
      ratio: `${((verify / rawVerify) * 100).toFixed(1)}%`,
    },
    { operation: 'raw ECDSA P-256 sign (node:crypto)', 'per second': Math.round(rawSign), ratio: '100%' },
    {
      operation: 'sign CAdES-T (agency signature + TSA token)',
      'per second': Math.round(sign),
      ratio: `${((sign / rawSign) * 100).toFixed(1)}%`,
    },
  ]);
  console.log(`status query (PGlite, on a cache miss): ${Math.round(status)}/s`);
  console.log(`verification goal >= 500/s: ${verify >= 500 ? 'met' : 'NOT met'}`);
  console.log(`signing with timestamp goal >= 500/s: ${sign >= 500 ? 'met' : 'NOT met'}`);
} finally {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
