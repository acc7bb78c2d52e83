import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { applicationFiles, applications } from './index.ts';
import { PDF, toDocumentsPage } from './test-forms.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
const URL = '/en/services/MLSPP-0001';

describe('file uploads on application forms', () => {
  let t: TestApp;
  let resident: TestPerson;
  let browser: BrowserLike;
  before(async () => {
    t = await buildTestApp({ demo: true, env: { LOG_LEVEL: 'error' } });
    resident = await createResident(t.database);
    browser = await loginAs(t.app, resident);
  });
  after(() => t.close());

  const draftOf = async (key: string) =>
    (await t.database.db.select().from(applications).where(eq(applications.submissionKey, key)))[0];
  const filesOf = async (id: string) =>
    t.database.db.select().from(applicationFiles).where(eq(applicationFiles.applicationId, id));

  it('refuses files whose content is not an allowed type, or too big, and stores nothing', async () => {
    const { key, common } = await toDocumentsPage(browser);
    const row = await draftOf(key);
    assert.ok(row);
    const refused: [string, { name: string; type: string; data: Uint8Array }, RegExp][] = [
      ['png named pdf', { name: 'contract.pdf', type: 'application/pdf', data: PNG }, /must be a PDF/],
      ['exe named pdf', { name: 'contract.pdf', type: 'application/pdf', data: EXE }, /must be a PDF/],
      ['html named pdf', { name: 'contract.pdf', type: 'application/pdf', data: HTML }, /must be a PDF/],
      [
        'oversize',
        {
          name: 'big.pdf',
          type: 'application/pdf',
          data: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]),
        },
        /smaller than 5\.0 MB/,
      ],
      [
        'over the 10 MB upload limit (cut off by the parser)',
        {
          name: 'huge.pdf',
          type: 'application/pdf',
          data: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]),
        },
        /smaller than 5\.0 MB/,
      ],
    ];
    for (const [what, file, message] of refused) {
      const res = await browser.postMultipart(
        `${URL}/apply`,
        { ...common, page: 'documents', endDate: '2027-08-31' },
        { contract: file },
      );
      assert.equal(res.statusCode, 400, what);
      assert.match(res.body, /govuk-error-summary/, what);
      assert.match(res.body, message, what);
      assert.equal((await filesOf(row.id)).length, 0, `${what}: nothing stored`);
      assert.equal((await draftOf(key))?.data.contract, undefined, what);
      assert.equal((await draftOf(key))?.data.endDate, undefined, `${what}: no answer of the page stored`);
    }
    // In Russian too.
    const ru = await browser.postMultipart(
      '/ru/services/MLSPP-0001/apply',
      { ...common, page: 'documents', endDate: '2027-08-31' },
      { contract: { name: 'x.pdf', type: 'application/pdf', data: HTML } },
    );
    assert.equal(ru.statusCode, 400);
    assert.match(ru.body, /должен быть в формате PDF/);
  });

  it('stores an accepted PDF outside the web root, lets only the owner and the agency download it', async () => {
    const { key, common } = await toDocumentsPage(browser);
    const res = await browser.postMultipart(
      `${URL}/apply`,
      { ...common, page: 'documents', endDate: '2027-08-31' },
      { contract: { name: '../../etc/Contract <final>.pdf', type: 'image/png', data: PDF } },
    );
    assert.equal(res.statusCode, 303, res.body);
    assert.match(res.headers.location as string, /\/check\?key=/);
    const row = await draftOf(key);
    assert.ok(row);
    const [file] = await filesOf(row.id);
    assert.ok(file);
    assert.equal(file.contentType, 'application/pdf');
    assert.equal(file.name, 'Contract _final_.pdf');
    const sha256 = crypto.createHash('sha256').update(PDF).digest('hex');
    assert.equal(file.sha256, sha256);
    assert.deepEqual(row.data.contract, {
      id: file.id,
      name: file.name,
      type: 'application/pdf',
      size: PDF.length,
      sha256,
    });

    const check = await browser.get(res.headers.location as string);
    assert.equal(check.statusCode, 200);
    const href = `/en/account/applications/${row.id}/files/${file.id}`;
    assert.ok(check.body.includes(href), 'the check page links the file');
    assert.ok(check.body.includes(sha256), 'the text to sign holds the file hash');
    assert.match(check.body, /page=documents#contract/);

    const download = await browser.get(href);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="Contract _final_.pdf"/,
    );
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.match(String(download.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(download.rawPayload, PDF);

    const stranger = await loginAs(t.app, await createResident(t.database));
    assert.equal((await stranger.get(href)).statusCode, 404);
    assert.equal(
      (await stranger.get(`/en/account/applications/${row.id}/files/${crypto.randomUUID()}`)).statusCode,
      404,
    );

    // Replace, then remove, then upload again: the table follows the draft.
    const again = await browser.get(`${URL}/apply?key=${key}&page=documents`);
    assert.match(again.body, /Uploaded file/);
    const other = Buffer.concat([PDF, Buffer.from('% second\n')]);
    const replaced = await browser.postMultipart(
      `${URL}/apply`,
      { ...common, page: 'documents', endDate: '2027-08-31' },
      { contract: { name: 'second.pdf', type: 'application/pdf', data: other } },
    );
    assert.equal(replaced.statusCode, 303);
    const afterReplace = await filesOf(row.id);
    assert.deepEqual(
      afterReplace.map((f) => f.name),
      ['second.pdf'],
    );
    assert.equal((await browser.get(href)).statusCode, 404, 'the replaced file is gone');
    const removed = await browser.postMultipart(
      `${URL}/apply`,
      { ...common, page: 'documents', endDate: '2027-08-31', 'remove-contract': 'yes', action: 'save' },
      {},
    );
    assert.equal(removed.statusCode, 200);
    assert.equal((await filesOf(row.id)).length, 0);
    assert.equal((await draftOf(key))?.data.contract, undefined);
    const kept = await browser.postMultipart(
      `${URL}/apply`,
      { ...common, page: 'documents', endDate: '2027-08-31' },
      { contract: { name: 'contract.pdf', type: 'application/pdf', data: PDF } },
    );
    assert.equal(kept.statusCode, 303);

    // Submitted: the officer of the agency sees and downloads it; another agency's officer gets 404.
    await browser.get(`${URL}/check?key=${key}`);
    const submitted = await browser.post(`${URL}/submit`, { submissionKey: key });
    assert.equal(submitted.statusCode, 303, submitted.body);
    const [latest] = await filesOf(row.id);
    assert.ok(latest);
    const officer = await loginAs(
      t.app,
      await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }] }),
    );
    const page = await officer.get(`/en/backoffice/applications/${row.id}`);
    assert.equal(page.statusCode, 200);
    const officerHref = `/en/backoffice/applications/${row.id}/files/${latest.id}`;
    assert.ok(page.body.includes(officerHref));
    const got = await officer.get(officerHref);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.match(String(got.headers['content-disposition']), /^attachment/);
    const ssac = await loginAs(
      t.app,
      await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }] }),
    );
    assert.equal((await ssac.get(officerHref)).statusCode, 404);
    assert.equal(
      (await browser.get(`/en/account/applications/${row.id}/files/${latest.id}`)).statusCode,
      200,
    );
  });

  it('refuses a file reference posted over the JSON API', async () => {
    const res = await browser.request({
      method: 'POST',
      url: '/api/v1/services/MLSPP-0001/applications',
      headers: { 'x-csrf-token': browser.lastCsrf ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify({
        submissionKey: crypto.randomBytes(18).toString('base64url'),
        data: {
          employerTin: '1400000011',
          position: 'Accountant',
          startDate: '2026-09-01',
          salary: 900,
          contractType: 'indefinite',
          contract: {
            id: crypto.randomUUID(),
            name: 'x.pdf',
            type: 'application/pdf',
            size: 1,
            sha256: '0'.repeat(64),
          },
        },
      }),
    });
    assert.equal(res.statusCode, 400);
  });
});
