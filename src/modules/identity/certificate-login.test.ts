import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { ensureTestCa } from '../../../test/helpers/pki.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { x509 } from '../pki/x509.ts';
import { identitySessions } from './identity.tables.ts';
import { tokenHash } from './sessions.repository.ts';

const SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const b64 = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('base64');

describe('login with a certificate (challenge-response)', () => {
  let t: TestApp;
  let resident: TestPerson;
  let keyPair: CryptoKeyPair;
  let serial: string;

  /** A key made like the browser makes it, and a certificate for it from our CA (through the real pages). */
  async function certify(who: TestPerson): Promise<{ keyPair: CryptoKeyPair; serial: string }> {
    // @ts-expect-error: a plain browser ES module without types
    const { buildCsr, generateKeyPair } = await import('../pki/static/csr.mjs');
    const keys = (await generateKeyPair()) as CryptoKeyPair;
    const browser = await loginAs(t.app, who);
    await browser.get('/en/pki/certificates');
    const res = await browser.post('/en/pki/certificates', { type: 'person', csr: await buildCsr(keys) });
    assert.equal(res.statusCode, 303, res.body);
    return { keyPair: keys, serial: /issued=([0-9a-f]+)/.exec(String(res.headers.location))?.[1] ?? '' };
  }

  async function challenge(browser: BrowserLike): Promise<{ nonce: string; message: string }> {
    await browser.get('/en/login/certificate');
    const res = await browser.request({
      method: 'POST',
      url: '/en/login/certificate/challenge',
      headers: { 'x-csrf-token': browser.lastCsrf ?? '', 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  async function answer(
    browser: BrowserLike,
    nonce: string,
    message: string,
    keys: CryptoKeyPair,
    extra: { certificate?: string } = {},
  ) {
    const signature = await webcrypto.subtle.sign(SIGN, keys.privateKey, new TextEncoder().encode(message));
    const publicKey = b64(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    await browser.get('/en/login/certificate');
    return browser.post('/en/login/certificate', {
      nonce,
      attempts: JSON.stringify([{ publicKey, signature: b64(signature), ...extra }]),
      next: '/en/account',
    });
  }

  async function lastLoginAudit() {
    const [row] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'identity.login'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    return row;
  }

  async function sessionOf(browser: BrowserLike) {
    const [row] = await t.database.db
      .select()
      .from(identitySessions)
      .where(eq(identitySessions.tokenHash, tokenHash(browser.cookies.get('sid') ?? '')));
    return row;
  }

  before(async () => {
    t = await buildTestApp();
    await ensureTestCa(t);
    resident = await createResident(t.database);
    ({ keyPair, serial } = await certify(resident));
  });
  after(() => t.close());

  it('opens a session at the high level for a fresh challenge signed by a certified key', async () => {
    const browser = new BrowserLike(t.app);
    const { nonce, message } = await challenge(browser);
    assert.equal(message, `egov-portal login\n${new URL(t.config.publicUrl).origin}\n${nonce}`);
    const res = await answer(browser, nonce, message, keyPair);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/en/account');
    const account = await browser.get('/en/account');
    assert.equal(account.statusCode, 200);
    assert.equal((await sessionOf(browser))?.level, 'high');
    assert.equal((await sessionOf(browser))?.secondFactor, false);
    const audit = await lastLoginAudit();
    assert.equal(audit?.outcome, 'success');
    assert.deepEqual(
      [audit?.details?.level, audit?.details?.method, audit?.details?.certificate],
      ['high', 'certificate', serial],
    );
    assert.doesNotMatch(JSON.stringify(audit?.details), new RegExp(resident.fin));
  });

  it('refuses a replayed challenge, an unknown nonce and an expired one, with their reasons', async () => {
    const browser = new BrowserLike(t.app);
    const { nonce, message } = await challenge(browser);
    assert.equal((await answer(browser, nonce, message, keyPair)).statusCode, 303);
    const replay = await answer(new BrowserLike(t.app), nonce, message, keyPair);
    assert.equal(replay.statusCode, 401);
    assert.match(replay.body, /already used or never issued/);
    assert.equal((await lastLoginAudit())?.details?.reason, 'challenge-unknown');

    const late = await challenge(new BrowserLike(t.app));
    t.clock.advance(5 * 60 * 1000 + 1);
    await challenge(new BrowserLike(t.app)); // sweeps old challenges; a just-expired one is kept to say so
    const expired = await answer(new BrowserLike(t.app), late.nonce, late.message, keyPair);
    assert.equal(expired.statusCode, 401);
    assert.match(expired.body, /challenge expired/);
    // Used up by that answer: a second try says so instead of "expired".
    const again = await answer(new BrowserLike(t.app), late.nonce, late.message, keyPair);
    assert.match(again.body, /already used or never issued/);
  });

  it('refuses a wrong key, a key without a certificate and a signature of another message', async () => {
    const stranger = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const browser = new BrowserLike(t.app);
    const first = await challenge(browser);
    const none = await answer(browser, first.nonce, first.message, stranger);
    assert.equal(none.statusCode, 401);
    assert.match(none.body, /No certificate was issued for the key/);

    // The certified public key with a signature made by another key.
    const second = await challenge(browser);
    const forged = await webcrypto.subtle.sign(
      SIGN,
      stranger.privateKey,
      new TextEncoder().encode(second.message),
    );
    const publicKey = b64(await webcrypto.subtle.exportKey('spki', keyPair.publicKey));
    const res = await browser.post('/en/login/certificate', {
      nonce: second.nonce,
      attempts: JSON.stringify([{ publicKey, signature: b64(forged) }]),
    });
    assert.equal(res.statusCode, 401);
    assert.match(res.body, /does not match the key/);

    const third = await challenge(browser);
    const other = await answer(browser, third.nonce, `${third.message}x`, keyPair);
    assert.match(other.body, /does not match the key/);
  });

  it('answers garbage with a clear 400, never a 500, and changes nothing', async () => {
    const browser = new BrowserLike(t.app);
    const { nonce } = await challenge(browser);
    for (const attempts of ['', 'not json', '[]', '[{"publicKey":"@@@","signature":"AAAA"}]', '{"a":1}']) {
      await browser.get('/en/login/certificate');
      const res = await browser.post('/en/login/certificate', { nonce, attempts });
      assert.ok(res.statusCode === 400 || res.statusCode === 401, `${attempts}: ${res.statusCode}`);
      assert.match(res.body, /govuk-error-summary/);
    }
    assert.equal(browser.cookies.has('sid'), false);
  });

  it('refuses a certificate of another CA, an expired and a revoked certificate', async () => {
    const browser = new BrowserLike(t.app);
    // A self-signed certificate for the certified key: right key, wrong issuer.
    const foreign = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: '0badca',
        name: 'CN=Someone else',
        notBefore: new Date(t.clock.now().getTime() - 60_000),
        notAfter: new Date(t.clock.now().getTime() + 86_400_000),
        keys: keyPair,
        signingAlgorithm: SIGN,
      },
      webcrypto as unknown as Crypto,
    );
    const first = await challenge(browser);
    const res = await answer(browser, first.nonce, first.message, keyPair, {
      certificate: b64(foreign.rawData),
    });
    assert.equal(res.statusCode, 401);
    assert.match(res.body, /not issued by our certification centre/);

    const saved = t.clock.now();
    t.clock.advance(731 * 86_400_000);
    const late = await challenge(browser);
    const expired = await answer(browser, late.nonce, late.message, keyPair);
    assert.match(expired.body, /certificate has expired/);
    t.clock.set(saved);

    const other = await createResident(t.database);
    const revokedKey = await certify(other);
    const holder = await loginAs(t.app, other);
    await holder.get('/en/pki/certificates');
    const revoke = await holder.post(`/en/pki/certificates/${revokedKey.serial}/revoke`, { reason: '1' });
    assert.equal(revoke.statusCode, 303, revoke.body);
    const next = await challenge(browser);
    const revoked = await answer(browser, next.nonce, next.message, revokedKey.keyPair);
    assert.equal(revoked.statusCode, 401);
    assert.match(revoked.body, /has been revoked/);
    assert.equal((await lastLoginAudit())?.details?.reason, 'revoked');
  });

  it('steps a passcode session up to high for the same person, keeping the session', async () => {
    const browser = await loginAs(t.app, resident);
    const before = browser.cookies.get('sid');
    const { nonce, message } = await challenge(browser);
    const res = await answer(browser, nonce, message, keyPair);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(browser.cookies.get('sid'), before);
    assert.equal((await sessionOf(browser))?.level, 'high');
    // A high session is not sent back to the certificate page.
    const again = await browser.get('/en/login/certificate?next=/en/account');
    assert.equal(again.statusCode, 303);
  });

  it('without JavaScript the page explains it and offers the passcode login, in every language', async () => {
    for (const [lang, text] of [
      ['en', 'needs JavaScript'],
      ['az', 'JavaScript lazımdır'],
      ['ru', 'нужен JavaScript'],
    ] as const) {
      const res = await t.app.inject(`/${lang}/login/certificate?next=/${lang}/account`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(text));
      assert.match(res.body, new RegExp(`href="/${lang}/login\\?next=%2F${lang}%2Faccount"`));
    }
    const login = await t.app.inject('/en/login?level=high&next=/en/account');
    assert.match(login.body, /href="\/en\/login\/certificate\?next=%2Fen%2Faccount"/);
  });
});
