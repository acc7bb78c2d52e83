import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { ensureTestCa } from '../../../test/helpers/pki.ts';
import { catalogueServices } from '../catalogue/catalogue.tables.ts';
import { documentsOfApplication } from '../signatures/index.ts';
import { canonicalSubmission } from './canonical.ts';
import { applicationFiles, applications } from './index.ts';
import { PDF, toDocumentsPage } from './test-forms.ts';

const SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString('base64');
const VALID = {
  householdSize: '4',
  monthlyIncome: '320',
  employment: 'unemployed',
  address: 'Bakı, Nizami küçəsi 5',
  reason: 'İşsizlik',
};

describe('signing an application at submission', () => {
  let t: TestApp;
  let resident: TestPerson;
  let keyPair: CryptoKeyPair;
  let browser: BrowserLike;

  before(async () => {
    t = await buildTestApp({ demo: true });
    await ensureTestCa(t);
    resident = await createResident(t.database);
    browser = await loginAs(t.app, resident);
    // @ts-expect-error: a plain browser ES module without types
    const { buildCsr, generateKeyPair } = await import('../pki/static/csr.mjs');
    keyPair = (await generateKeyPair()) as CryptoKeyPair;
    await browser.get('/en/pki/certificates');
    const res = await browser.post('/en/pki/certificates', { type: 'person', csr: await buildCsr(keyPair) });
    assert.equal(res.statusCode, 303, res.body);
  });
  after(() => t.close());

  /** A draft of MLSPP-0002 through the real form; returns its submission key. */
  async function draft(): Promise<string> {
    const form = await browser.get('/en/services/MLSPP-0002/apply');
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const version = /name="definitionVersion" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      submissionKey: key,
      definitionVersion: version,
      action: 'continue',
    });
    assert.equal(res.statusCode, 303, res.body);
    return key;
  }

  /** What the script does: fetch the signed attributes, sign them with the key, post them with the form. */
  async function signedFields(key: string, signer = keyPair, code = 'MLSPP-0002') {
    const publicKey = b64(await webcrypto.subtle.exportKey('spki', signer.publicKey));
    const prepared = await browser.request({
      method: 'POST',
      url: `/en/services/${code}/signature`,
      headers: { 'x-csrf-token': browser.lastCsrf ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify({ submissionKey: key, publicKey }),
    });
    if (prepared.statusCode !== 200) return { status: prepared.statusCode };
    const { signedAttributes } = prepared.json() as { signedAttributes: string };
    const signature = await webcrypto.subtle.sign(
      SIGN,
      signer.privateKey,
      Buffer.from(signedAttributes, 'base64'),
    );
    return { status: 200, fields: { publicKey, signedAttributes, signature: b64(signature) } };
  }

  it('shows the canonical text, signs it and stores a signature the back office finds valid', async () => {
    const key = await draft();
    const check = await browser.get(`/en/services/MLSPP-0002/check?key=${key}`);
    assert.equal(check.statusCode, 200);
    const [row] = await t.database.db.select().from(applications).where(eq(applications.submissionKey, key));
    const text = canonicalSubmission({
      serviceCode: 'MLSPP-0002',
      definitionVersion: row?.definitionVersion ?? 0,
      submissionKey: key,
      answers: row?.data ?? {},
    });
    assert.ok(
      check.body.includes(text.replaceAll('"', '&quot;').trimEnd()),
      'the page shows the signed text',
    );
    assert.match(check.body, /Sign and submit/);

    const signed = await signedFields(key);
    assert.equal(signed.status, 200);
    const res = await browser.post('/en/services/MLSPP-0002/submit', {
      submissionKey: key,
      ...signed.fields,
    });
    assert.equal(res.statusCode, 303, res.body);
    const [stored] = await t.database.db
      .select()
      .from(applications)
      .where(eq(applications.submissionKey, key));
    assert.equal(stored?.status, 'submitted');
    assert.ok(stored?.signature && stored.signature.length > 500);
    assert.equal(Buffer.from(stored.signedContent ?? []).toString(), text);
    const documents = await documentsOfApplication(t.database.db, stored.id);
    assert.equal(documents.filter((d) => d.kind === 'application').length, 1);

    const officer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }],
    });
    const office = await loginAs(t.app, officer);
    const page = await office.get(`/en/backoffice/applications/${stored.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Signature valid, signed by [^<]+ at /);

    // Changed after signing (a database edit): the verdict says so.
    await t.database.db
      .update(applications)
      .set({ data: { ...stored.data, reason: 'changed' } })
      .where(eq(applications.id, stored.id));
    const changed = await office.get(`/ru/backoffice/applications/${stored.id}`);
    assert.match(changed.body, /Подпись недействительна: заявление изменено после подписи/);
  });

  it('refuses a bad signature, a key without a certificate and garbage, with reasons, saving nothing', async () => {
    const key = await draft();
    const stranger = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    assert.equal((await signedFields(key, stranger)).status, 422);
    const signed = await signedFields(key);
    const flipped = Buffer.from(signed.fields?.signature ?? '', 'base64');
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    for (const [fields, text] of [
      [{ ...signed.fields, signature: b64(flipped) }, /does not match the certificate/],
      [{ ...signed.fields, signedAttributes: b64(Buffer.from('garbage!')) }, /could not be read|does not/],
      [
        { ...signed.fields, publicKey: b64(await webcrypto.subtle.exportKey('spki', stranger.publicKey)) },
        /no valid certificate/,
      ],
    ] as const) {
      await browser.get(`/en/services/MLSPP-0002/check?key=${key}`);
      const res = await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: key, ...fields });
      assert.equal(res.statusCode, 400, res.body.slice(0, 200));
      assert.match(res.body, text);
    }
    const [row] = await t.database.db.select().from(applications).where(eq(applications.submissionKey, key));
    assert.equal(row?.status, 'draft');
    assert.equal(row?.signature, null);
  });

  it('a service at the e-signature level requires a signature; others still submit without one', async () => {
    const plain = await draft();
    await browser.get(`/en/services/MLSPP-0002/check?key=${plain}`);
    assert.equal(
      (await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: plain })).statusCode,
      303,
    );

    const key = await draft();
    await t.database.db
      .update(catalogueServices)
      .set({ authLevel: 'esignature' })
      .where(eq(catalogueServices.code, 'MLSPP-0002'));
    try {
      // The passcode session is sent to step up first; the certificate login raises it.
      const check = await browser.get(`/en/services/MLSPP-0002/check?key=${key}`);
      assert.equal(check.statusCode, 303);
      assert.match(String(check.headers.location), /level=high/);
      await browser.get('/en/login/certificate');
      const challenge = await browser.request({
        method: 'POST',
        url: '/en/login/certificate/challenge',
        headers: { 'x-csrf-token': browser.lastCsrf ?? '', 'content-type': 'application/json' },
        payload: '{}',
      });
      const { nonce, message } = challenge.json() as { nonce: string; message: string };
      const signature = await webcrypto.subtle.sign(
        SIGN,
        keyPair.privateKey,
        new TextEncoder().encode(message),
      );
      const publicKey = b64(await webcrypto.subtle.exportKey('spki', keyPair.publicKey));
      const login = await browser.post('/en/login/certificate', {
        nonce,
        attempts: JSON.stringify([{ publicKey, signature: b64(signature) }]),
      });
      assert.equal(login.statusCode, 303);

      const page = await browser.get(`/en/services/MLSPP-0002/check?key=${key}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This service requires your e-signature/);
      assert.doesNotMatch(page.body, /Accept and send/);
      const unsigned = await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: key });
      assert.equal(unsigned.statusCode, 400);
      assert.match(unsigned.body, /Use “Sign and submit”/);
      const api = await browser.request({
        method: 'POST',
        url: '/api/v1/services/MLSPP-0002/applications',
        headers: { 'x-csrf-token': browser.lastCsrf ?? '', 'content-type': 'application/json' },
        payload: JSON.stringify({ submissionKey: `${key}x`, data: VALID }),
      });
      assert.equal(api.statusCode, 403);
      const signed = await signedFields(key);
      const res = await browser.post('/en/services/MLSPP-0002/submit', {
        submissionKey: key,
        ...signed.fields,
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    } finally {
      await t.database.db
        .update(catalogueServices)
        .set({ authLevel: 'passcode' })
        .where(eq(catalogueServices.code, 'MLSPP-0002'));
    }
  });

  it('signs the uploaded files too: their names and SHA-256 are in the signed text', async () => {
    const { key } = await toDocumentsPage(browser);
    const version = /name="definitionVersion" value="([^"]+)"/.exec(
      (await browser.get(`/en/services/MLSPP-0001/apply?key=${key}&page=documents`)).body,
    )?.[1];
    const done = await browser.postMultipart(
      '/en/services/MLSPP-0001/apply',
      { submissionKey: key, definitionVersion: version ?? '', page: 'documents', endDate: '2027-08-31' },
      { contract: { name: 'contract.pdf', type: 'application/pdf', data: PDF } },
    );
    assert.equal(done.statusCode, 303, done.body);
    await browser.get(`/en/services/MLSPP-0001/check?key=${key}`);
    const signed = await signedFields(key, keyPair, 'MLSPP-0001');
    assert.equal(signed.status, 200);
    const res = await browser.post('/en/services/MLSPP-0001/submit', {
      submissionKey: key,
      ...signed.fields,
    });
    assert.equal(res.statusCode, 303, res.body);
    const [stored] = await t.database.db
      .select()
      .from(applications)
      .where(eq(applications.submissionKey, key));
    const text = Buffer.from(stored?.signedContent ?? []).toString();
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    assert.match(text, new RegExp(`"sha256": "${sha256}"`));
    assert.match(text, /"name": "contract.pdf"/);

    // The officer's verdict is valid, and says "changed" once the stored file's bytes differ from the hash.
    const officer = await loginAs(
      t.app,
      await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }] }),
    );
    const page = await officer.get(`/en/backoffice/applications/${stored?.id}`);
    assert.match(page.body, /Signature valid, signed by/);
    await t.database.db
      .update(applicationFiles)
      .set({ content: Buffer.concat([PDF, Buffer.from('%')]) })
      .where(eq(applicationFiles.applicationId, stored?.id ?? ''));
    const changed = await officer.get(`/en/backoffice/applications/${stored?.id}`);
    assert.match(changed.body, /the application was changed after it was signed/);
  });
});
