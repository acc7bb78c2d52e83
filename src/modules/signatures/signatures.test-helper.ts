import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, loginAs } from '../../../test/helpers/identity.ts';
import { registerOrganisations } from '../identity/index.ts';
import { initHierarchy } from '../pki/index.ts';
import { OpenSsl } from '../pki/openssl.test-helper.ts';
import { x509 } from '../pki/x509.ts';

export interface SignaturesWorld {
  t: TestApp;
  ssl: OpenSsl;
  url: string;
  agencyId: string;
  close(): Promise<void>;
}

/** A portal with a CA hierarchy, a state structure, listening (openssl talks to it), root.pem in ssl.dir. */
export async function signaturesWorld(): Promise<SignaturesWorld> {
  const t = await buildTestApp();
  const ssl = new OpenSsl();
  await initHierarchy(t.database.db, {
    publicUrl: t.config.publicUrl,
    passphrase: t.config.caPassphrase,
    now: t.clock.now(),
    keys: 'fast',
  });
  const agencyId = crypto.randomUUID();
  await t.database.db
    .insert(registerOrganisations)
    .values({ id: agencyId, kind: 'state', taxNumber: '1700000001', name: 'Demo Registry Service' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  for (const file of ['root.pem', 'issuing.pem']) {
    const res = await t.app.inject(`/pki/ca/${file}`);
    assert.equal(res.statusCode, 200);
    ssl.file(file, res.rawPayload);
  }
  return {
    t,
    ssl,
    url,
    agencyId,
    close: async () => {
      ssl.close();
      await t.close();
    },
  };
}

export interface BrowserKey {
  keys: CryptoKeyPair;
  certificateDer: Uint8Array;
  serial: string;
}

/**
 * A resident's certificate for a WebCrypto key pair (or for `csrPem`, e.g. made by openssl), requested
 * through the real certificate pages.
 */
export async function residentCertificate(world: SignaturesWorld, csrPem?: string): Promise<BrowserKey> {
  const resident = await createResident(world.t.database);
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const browser = await loginAs(world.t.app, resident);
  await browser.get('/en/pki/certificates');
  const res = await browser.post('/en/pki/certificates', {
    type: 'person',
    csr: csrPem ?? csr.toString('pem'),
  });
  assert.equal(res.statusCode, 303, res.body);
  const serial = /issued=([0-9a-f]+)/.exec(String(res.headers.location))?.[1] ?? '';
  const pem = await browser.get(`/en/pki/certificates/${serial}/pem`);
  assert.equal(pem.statusCode, 200);
  return { keys, certificateDer: new Uint8Array(new x509.X509Certificate(pem.body).rawData), serial };
}

/** WebCrypto in node standing in for the browser: ECDSA P-256/SHA-256 over the prepared attributes, r||s. */
export async function browserSign(key: CryptoKey, signedAttributes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, signedAttributes.slice()),
  );
}
