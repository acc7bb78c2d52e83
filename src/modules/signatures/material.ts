import crypto from 'node:crypto';
import type { Platform } from '../../app.ts';
import { agencySigner, caChain, tsaSigner } from '../pki/index.ts';
import { type ParsedCertificate, parseCertificate } from './certificates.ts';

/** A key ready for node:crypto with its certificate and the chain to put into the CMS. */
export interface KeyMaterial {
  key: crypto.KeyObject;
  certificate: ParsedCertificate;
  /** DER of the certificate, then the issuing CA (the root is the relying party's trust anchor). */
  certificates: Uint8Array[];
}

export interface Trust {
  issuing: ParsedCertificate;
  root: ParsedCertificate;
}

/**
 * Keys and CA material, decrypted and parsed once per process (PBKDF2 key decryption and certificate
 * parsing cost milliseconds; a signature must cost well under one). Entries are re-read after a while so
 * that a renewed or revoked agency certificate is picked up.
 */
const REFRESH_MS = 60_000;

interface Entry<T> {
  value: Promise<T | undefined>;
  at: number;
}

interface Cache {
  trust?: Entry<Trust>;
  tsa?: Entry<KeyMaterial>;
  agencies: Map<string, Entry<KeyMaterial>>;
}

const caches = new WeakMap<Platform, Cache>();

function cacheOf(platform: Platform): Cache {
  let cache = caches.get(platform);
  if (!cache) {
    cache = { agencies: new Map() };
    caches.set(platform, cache);
  }
  return cache;
}

function fresh<T>(entry: Entry<T> | undefined, load: () => Promise<T | undefined>): Entry<T> {
  if (entry && Date.now() - entry.at < REFRESH_MS) return entry;
  const next: Entry<T> = { value: load().catch(() => undefined), at: Date.now() };
  // A missing hierarchy is not remembered: the next call tries again.
  next.value.then((v) => {
    if (!v) next.at = 0;
  });
  return next;
}

const der = (c: { rawData: ArrayBuffer }) => new Uint8Array(c.rawData);

function material(certificate: Uint8Array, key: CryptoKey, issuing: Uint8Array): KeyMaterial {
  return {
    key: crypto.KeyObject.from(key),
    certificate: parseCertificate(certificate),
    certificates: [certificate, issuing],
  };
}

export function trustOf(platform: Platform): Promise<Trust | undefined> {
  const cache = cacheOf(platform);
  cache.trust = fresh(cache.trust, async () => {
    const chain = await caChain(platform.database.db);
    if (!chain?.[0] || !chain[1]) return undefined;
    return { issuing: parseCertificate(der(chain[0])), root: parseCertificate(der(chain[1])) };
  });
  return cache.trust.value;
}

export function tsaOf(platform: Platform): Promise<KeyMaterial | undefined> {
  const cache = cacheOf(platform);
  cache.tsa = fresh(cache.tsa, async () => {
    const signer = await tsaSigner(platform);
    const issuing = signer?.chain[0];
    return signer && issuing && material(der(signer.certificate), signer.privateKey, der(issuing));
  });
  return cache.tsa.value;
}

export async function agencyOf(platform: Platform, organisationId: string): Promise<KeyMaterial | undefined> {
  const cache = cacheOf(platform);
  const load = async () => {
    const signer = await agencySigner(platform, organisationId);
    const issuing = signer?.chain[0];
    return signer && issuing && material(der(signer.certificate), signer.privateKey, der(issuing));
  };
  let entry = fresh(cache.agencies.get(organisationId), load);
  cache.agencies.set(organisationId, entry);
  const value = await entry.value;
  // An expired seal (by the platform's clock) is renewed at once by agencySigner.
  if (value && value.certificate.summary.notAfter <= platform.clock.now()) {
    entry = fresh(undefined, load);
    cache.agencies.set(organisationId, entry);
    return entry.value;
  }
  return value;
}
