import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadCa } from '../pki/index.ts';
import { pkiCertificates } from '../pki/pki.tables.ts';
import { x509 } from '../pki/x509.ts';
import { parseCertificate } from './certificates.ts';
import { OID, rawToDer, signedData } from './cms.ts';
import { prepareBrowserSignature, verifyDetached } from './index.ts';
import {
  browserSign,
  residentCertificate,
  type SignaturesWorld,
  signaturesWorld,
} from './signatures.test-helper.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('signatures: the remaining verdicts', () => {
  let w: SignaturesWorld;
  before(async () => {
    w = await signaturesWorld();
  });
  after(async () => w.close());

  /** A CMS without timestamp, so that the claimed signing time is the trusted time. */
  async function untimestamped(key: CryptoKey, certificateDer: Uint8Array, content: Uint8Array, at: Date) {
    const { signedAttributes } = await prepareBrowserSignature(w.t.app.platform, {
      content,
      certificateDer,
      signingTime: at,
    });
    return signedData({
      contentType: OID.data,
      certificates: [certificateDer],
      signer: parseCertificate(certificateDer),
      attributes: signedAttributes,
      signature: rawToDer(await browserSign(key, signedAttributes)),
    });
  }

  it('reports a signing time before the certificate as not-yet-valid, inside it as valid', async () => {
    const key = await residentCertificate(w);
    const content = text('claimed to be signed last year');
    const early = new Date(w.t.clock.now().getTime() - 365 * 24 * 3600_000);
    const cms = await untimestamped(key.keys.privateKey, key.certificateDer, content, early);
    const report = await verifyDetached(w.t.app.platform, content, cms);
    assert.equal(report.failure, 'not-yet-valid');
    assert.equal(report.timestamp, undefined);
    const fine = await untimestamped(key.keys.privateKey, key.certificateDer, content, w.t.clock.now());
    assert.equal((await verifyDetached(w.t.app.platform, content, fine)).valid, true);
  });

  it('reports a certificate of our CA without digitalSignature/nonRepudiation as key-usage', async () => {
    const { config, database, clock } = w.t;
    const ca = await loadCa(database.db, config.caPassphrase, config.publicUrl);
    assert.ok(ca);
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: '4a01020304050607',
      subject: 'CN=Encryption Only, C=AZ',
      issuer: ca.issuing.subjectName,
      notBefore: new Date(clock.now().getTime() - 60_000),
      notAfter: new Date(clock.now().getTime() + 24 * 3600_000),
      publicKey: keys.publicKey,
      signingKey: ca.issuingSigner.privateKey,
      signingAlgorithm: ca.issuingSigner.algorithm,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyAgreement, true)],
    });
    await database.db.insert(pkiCertificates).values({
      serial: '4a01020304050607',
      subjectType: 'person',
      holderPersonId: 'test',
      subject: certificate.subject,
      certPem: certificate.toString('pem'),
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    });
    const content = text('signed with the wrong kind of key');
    const der = new Uint8Array(certificate.rawData);
    const cms = await untimestamped(keys.privateKey, der, content, clock.now());
    assert.equal((await verifyDetached(w.t.app.platform, content, cms)).failure, 'key-usage');
  });

  it('accepts an openssl cms -sign signature (RSA 2048) made with a certificate of ours', async () => {
    const { ssl } = w;
    const csr = ssl.csr('rsa', ['-newkey', 'rsa:2048']);
    const { certificateDer } = await residentCertificate(w, csr);
    ssl.file(
      'rsa.pem',
      `-----BEGIN CERTIFICATE-----\n${Buffer.from(certificateDer).toString('base64')}\n-----END CERTIFICATE-----\n`,
    );
    ssl.file('rsa.txt', 'signed with openssl');
    const signed = ssl.run(
      'cms',
      '-sign',
      '-binary',
      '-in',
      'rsa.txt',
      '-signer',
      'rsa.pem',
      '-inkey',
      'rsa.key',
      '-certfile',
      'issuing.pem',
      '-outform',
      'DER',
      '-out',
      'rsa.p7s',
    );
    assert.equal(signed.status, 0, signed.output);
    const report = await verifyDetached(
      w.t.app.platform,
      text('signed with openssl'),
      fs.readFileSync(ssl.file('rsa.p7s')),
    );
    assert.equal(report.valid, true, report.failure);
    assert.equal(report.chain.length, 3);
    assert.equal(report.timestamp, undefined);
  });

  it('verifies an attached openssl CMS (.p7m) uploaded alone through the API', async () => {
    const { ssl } = w;
    ssl.file('attached.txt', 'attached content');
    const self = ssl.run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'attached.key',
      '-out',
      'self.pem',
      '-subj',
      '/CN=Self',
      '-days',
      '2',
    );
    assert.equal(self.status, 0, self.output);
    const signed = ssl.run(
      'cms',
      '-sign',
      '-nodetach',
      '-binary',
      '-in',
      'attached.txt',
      '-signer',
      'self.pem',
      '-inkey',
      'attached.key',
      '-outform',
      'DER',
      '-out',
      'attached.p7m',
    );
    assert.equal(signed.status, 0, signed.output);
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { document: fs.readFileSync(ssl.file('attached.p7m')).toString('base64') },
    });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json() as { failure?: string; signer?: { commonName: string } };
    // Read and checked: a self-signed certificate is not ours.
    assert.equal(report.failure, 'unknown-ca');
    assert.equal(report.signer?.commonName, 'Self');
  });
});
