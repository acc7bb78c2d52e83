import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { pkiCertificates } from '../pki/pki.tables.ts';
import { completeBrowserSignature, prepareBrowserSignature, signDetached, verifyDetached } from './index.ts';
import {
  type BrowserKey,
  browserSign,
  residentCertificate,
  type SignaturesWorld,
  signaturesWorld,
} from './signatures.test-helper.ts';

const DAY = 24 * 3600_000;
const text = (s: string) => new TextEncoder().encode(s);

describe('signatures: CAdES signing and verification', () => {
  let w: SignaturesWorld;
  before(async () => {
    w = await signaturesWorld();
  });
  after(async () => w.close());

  async function browserSignature(key: BrowserKey, content: Uint8Array) {
    const { signedAttributes } = await prepareBrowserSignature(w.t.app.platform, {
      content,
      certificateDer: key.certificateDer,
      signingTime: w.t.clock.now(),
    });
    const signature = await browserSign(key.keys.privateKey, signedAttributes);
    return completeBrowserSignature(w.t.app.platform, {
      content,
      certificateDer: key.certificateDer,
      signedAttributes,
      signature,
    });
  }

  it('signs for an agency with a timestamp; openssl cms -verify accepts it', async () => {
    const content = text('E-reference no. 1: the person is registered at the address.');
    const cms = await signDetached(w.t.app.platform, w.agencyId, content);
    const report = await verifyDetached(w.t.app.platform, content, cms);
    assert.equal(report.valid, true, report.failure);
    assert.equal(report.signer?.organisation, 'Demo Registry Service');
    assert.equal(report.timestamp?.valid, true);
    assert.equal(report.timestamp?.authority, 'Demo Time-Stamping Authority');
    assert.equal(report.statusAtSigning, 'good');
    assert.equal(report.chain.length, 3);
    w.ssl.file('agency.txt', content);
    w.ssl.file('agency.p7s', cms);
    const out = w.ssl.run(
      'cms',
      '-verify',
      '-binary',
      '-content',
      'agency.txt',
      '-inform',
      'DER',
      '-in',
      'agency.p7s',
      '-CAfile',
      'root.pem',
      '-out',
      '/dev/null',
    );
    assert.equal(out.status, 0, out.output);
    assert.match(out.output, /Verification successful/);
    const dump = w.ssl.run('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'agency.p7s').output;
    assert.match(dump, /id-smime-aa-signingCertificateV2/);
    assert.match(dump, /id-smime-aa-timeStampToken/);
    assert.match(dump, /signingTime/);
  });

  it('assembles a browser (WebCrypto) signature that openssl cms -verify accepts', async () => {
    const key = await residentCertificate(w);
    const content = text('{"service":"residence-registration","answers":{"address":"Baku"}}');
    const { cms, report } = await browserSignature(key, content);
    assert.equal(report.valid, true, report.failure);
    assert.equal(report.timestamp?.valid, true);
    assert.equal(report.signer?.serial, key.serial);
    w.ssl.file('application.json', content);
    w.ssl.file('application.p7s', cms);
    const out = w.ssl.run(
      'cms',
      '-verify',
      '-binary',
      '-content',
      'application.json',
      '-inform',
      'DER',
      '-in',
      'application.p7s',
      '-CAfile',
      'root.pem',
      '-out',
      '/dev/null',
    );
    assert.equal(out.status, 0, out.output);
  });

  it('reports a changed byte as content-changed and a wrong key as bad-signature', async () => {
    const content = text('Decision: granted.');
    const cms = await signDetached(w.t.app.platform, w.agencyId, content);
    const changed = text('Decision: grantee.');
    assert.equal((await verifyDetached(w.t.app.platform, changed, cms)).failure, 'content-changed');
    const key = await residentCertificate(w);
    const { signedAttributes } = await prepareBrowserSignature(w.t.app.platform, {
      content,
      certificateDer: key.certificateDer,
      signingTime: w.t.clock.now(),
    });
    const other = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
    ])) as CryptoKeyPair;
    const { report } = await completeBrowserSignature(w.t.app.platform, {
      content,
      certificateDer: key.certificateDer,
      signedAttributes,
      signature: await browserSign(other.privateKey, signedAttributes),
    });
    assert.equal(report.failure, 'bad-signature');
  });

  it('reports truncated and garbage signatures as malformed', async () => {
    const content = text('x');
    const cms = await signDetached(w.t.app.platform, w.agencyId, content);
    for (const bad of [
      cms.subarray(0, cms.length - 7),
      cms.subarray(0, 40),
      text('garbage'),
      new Uint8Array(),
    ]) {
      const report = await verifyDetached(w.t.app.platform, content, bad);
      assert.equal(report.valid, false);
      assert.equal(report.failure, 'malformed');
    }
    // A Buffer (as uploads arrive) is read, never changed: verifying twice gives the same verdict.
    const buffer = Buffer.from(cms);
    assert.equal((await verifyDetached(w.t.app.platform, content, buffer)).valid, true);
    assert.equal((await verifyDetached(w.t.app.platform, content, buffer)).valid, true);
    assert.deepEqual(buffer, Buffer.from(cms));
    // A broken timestamp inside an otherwise good signature is the timestamp's fault.
    const flipped = cms.slice();
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0xff;
    const report = await verifyDetached(w.t.app.platform, content, flipped);
    assert.equal(report.failure, 'bad-timestamp');
  });

  it('keeps a signature made before revocation valid, and refuses one made after', async () => {
    const key = await residentCertificate(w);
    const content = text('signed before revocation');
    const before = await browserSignature(key, content);
    assert.equal(before.report.valid, true);
    w.t.clock.advance(3600_000);
    const revokedAt = w.t.clock.now();
    await w.t.database.db
      .update(pkiCertificates)
      .set({ revokedAt, revocationReason: 1 })
      .where(eq(pkiCertificates.serial, key.serial));
    w.t.clock.advance(60_000);
    const again = await verifyDetached(w.t.app.platform, content, before.cms);
    assert.equal(again.valid, true, again.failure);
    assert.equal(again.statusAtSigning, 'good');
    assert.equal(again.statusNow, 'revoked');
    assert.equal(again.revokedAt?.getTime(), revokedAt.getTime());
    const late = await browserSignature(key, text('signed after revocation'));
    assert.equal(late.report.valid, false);
    assert.equal(late.report.failure, 'revoked');
    assert.equal(late.report.statusAtSigning, 'revoked');
  });

  it('keeps a timestamped signature valid after expiry and refuses one made after expiry', async () => {
    const key = await residentCertificate(w);
    const content = text('signed while valid');
    const early = await browserSignature(key, content);
    w.t.clock.advance(800 * DAY);
    const later = await verifyDetached(w.t.app.platform, content, early.cms);
    assert.equal(later.valid, true, later.failure);
    assert.equal(later.statusNow, 'expired');
    const late = await browserSignature(key, text('signed when expired'));
    assert.equal(late.report.failure, 'expired');
    w.t.clock.advance(-800 * DAY);
  });

  it('reports a certificate of another CA as unknown-ca', () => {
    const { ssl } = w;
    const run = (...args: string[]) => {
      const r = ssl.run(...args);
      assert.equal(r.status, 0, r.output);
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'other-ca.key',
      '-out',
      'other-ca.pem',
      '-subj',
      '/CN=Other CA',
      '-days',
      '30',
    );
    run('req', '-new', ...ec, '-keyout', 'other.key', '-out', 'other.csr', '-subj', '/CN=Someone Else');
    run(
      'x509',
      '-req',
      '-in',
      'other.csr',
      '-CA',
      'other-ca.pem',
      '-CAkey',
      'other-ca.key',
      '-out',
      'other.pem',
      '-days',
      '30',
    );
    ssl.file('other.txt', 'a document');
    run(
      'cms',
      '-sign',
      '-binary',
      '-in',
      'other.txt',
      '-signer',
      'other.pem',
      '-inkey',
      'other.key',
      '-outform',
      'DER',
      '-out',
      'other.p7s',
    );
    return verifyDetached(w.t.app.platform, text('a document'), fs.readFileSync(ssl.file('other.p7s'))).then(
      (report) => {
        assert.equal(report.failure, 'unknown-ca');
        assert.equal(report.signer?.commonName, 'Someone Else');
      },
    );
  });
});
