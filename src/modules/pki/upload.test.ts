import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, loginAs } from '../../../test/helpers/identity.ts';
import { ensureTestCa } from '../../../test/helpers/pki.ts';
import { OpenSsl } from './openssl.test-helper.ts';

describe('certificate request from a file (no JavaScript)', () => {
  let t: TestApp;
  let ssl: OpenSsl;

  before(async () => {
    t = await buildTestApp();
    ssl = new OpenSsl();
    await ensureTestCa(t);
  });
  after(async () => {
    ssl.close();
    await t.close();
  });

  it('issues from an uploaded openssl CSR, in PEM and in DER', async () => {
    const browser = await loginAs(t.app, await createResident(t.database));
    const page = await browser.get('/en/pki/certificates');
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /name="csrFile"/);
    const pem = Buffer.from(ssl.csr('file-pem'));
    const fromPem = await browser.postMultipart(
      '/en/pki/certificates',
      { type: 'person' },
      { csrFile: { name: 'request.csr', type: 'application/pkcs10', data: pem } },
    );
    assert.equal(fromPem.statusCode, 303, fromPem.body);
    assert.match(String(fromPem.headers.location), /issued=[0-9a-f]+/);
    ssl.csr('file-der');
    ssl.run('req', '-in', 'file-der.csr', '-outform', 'DER', '-out', 'request.der');
    await browser.get('/en/pki/certificates');
    const fromDer = await browser.postMultipart(
      '/en/pki/certificates',
      { type: 'person' },
      {
        csrFile: {
          name: 'request.der',
          type: 'application/octet-stream',
          data: fs.readFileSync(ssl.file('request.der')),
        },
      },
    );
    assert.equal(fromDer.statusCode, 303, fromDer.body);
  });

  it('refuses a file that is not a request, or too big, with the error summary; issues nothing', async () => {
    const browser = await loginAs(t.app, await createResident(t.database));
    await browser.get('/en/pki/certificates');
    const garbage = await browser.postMultipart(
      '/en/pki/certificates',
      { type: 'person' },
      {
        csrFile: {
          name: 'cat.png',
          type: 'image/png',
          data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
        },
      },
    );
    assert.equal(garbage.statusCode, 400);
    assert.match(garbage.body, /govuk-error-summary/);
    await browser.get('/en/pki/certificates');
    const huge = await browser.postMultipart(
      '/en/pki/certificates',
      { type: 'person' },
      { csrFile: { name: 'big.csr', type: 'application/pkcs10', data: new Uint8Array(200 * 1024).fill(65) } },
    );
    assert.equal(huge.statusCode, 400);
    const mine = await browser.get('/en/pki/certificates');
    assert.doesNotMatch(mine.body, /govuk-tag--green/, 'no certificate was issued');
  });

  it('refuses a multipart post without the CSRF token', async () => {
    const browser = await loginAs(t.app, await createResident(t.database));
    const res = await browser.postMultipart(
      '/en/pki/certificates',
      { type: 'person', _csrf: 'forged' },
      { csrFile: { name: 'r.csr', type: 'application/pkcs10', data: Buffer.from(ssl.csr('forged')) } },
    );
    assert.equal(res.statusCode, 403);
  });
});
