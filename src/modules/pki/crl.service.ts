import type { Db, Tx } from '../../platform/db/client.ts';
import type { CaMaterial } from './ca.ts';
import { buildCrl, CRL_VALIDITY_MS } from './crl.ts';
import { insertCrl, latestCrl, revokedEntries } from './pki.repository.ts';

/** A CRL re-issued this long before its nextUpdate, so relying parties never hold a stale one. */
const REISSUE_BEFORE_MS = 12 * 3600_000;

/** Issues the next CRL of the issuing CA from the revocation data (inside the revocation's transaction). */
export async function publishCrl(tx: Db | Tx, ca: CaMaterial, now: Date): Promise<Uint8Array> {
  const last = await latestCrl(tx);
  const number = (last?.number ?? 0) + 1;
  const entries = (await revokedEntries(tx)).map((e) => ({
    serial: e.serial,
    revokedAt: e.revokedAt ?? now,
    reason: e.reason,
  }));
  const crl = await buildCrl(ca.issuing, ca.issuingSigner, entries, number, now);
  const der = new Uint8Array(crl.rawData);
  await insertCrl(tx, {
    number,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    der: Buffer.from(der).toString('base64'),
  });
  return der;
}

/** The current CRL, issued anew when none exists or the newest is half-way to its nextUpdate (at least daily). */
export async function currentCrl(db: Db, ca: CaMaterial, now: Date): Promise<Uint8Array> {
  const last = await latestCrl(db);
  if (last && last.nextUpdate.getTime() - now.getTime() > REISSUE_BEFORE_MS)
    return new Uint8Array(Buffer.from(last.der, 'base64'));
  try {
    return await db.transaction((tx) => publishCrl(tx, ca, now));
  } catch (error) {
    // Two requests may race here; the CRL number's primary key lets one win, the other serves its CRL.
    const again = await latestCrl(db);
    if (!again || again.number === last?.number) throw error;
    return new Uint8Array(Buffer.from(again.der, 'base64'));
  }
}

/** The root CA revokes nothing here (issuing CAs are replaced by a new `ca init`); its CRL is made per day. */
let rootCrlCache: { der: Uint8Array; until: number; root: string } | undefined;
export async function rootCrl(ca: CaMaterial, now: Date): Promise<Uint8Array> {
  const root = ca.root.serialNumber;
  if (rootCrlCache && rootCrlCache.root === root && rootCrlCache.until > now.getTime())
    return rootCrlCache.der;
  const number = Math.floor(now.getTime() / 1000);
  const crl = await buildCrl(ca.root, ca.rootSigner, [], number, now);
  rootCrlCache = { der: new Uint8Array(crl.rawData), until: now.getTime() + REISSUE_BEFORE_MS, root };
  return rootCrlCache.der;
}
