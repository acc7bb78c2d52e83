import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { documentIssues } from '../documents/index.ts';
import { hasTool, pdfsig, pdfText } from '../documents/pdf-tools.test-helper.ts';
import { caChain } from '../pki/index.ts';
import { verifyPdf } from '../signatures/index.ts';
import { statEvents } from '../statistics/events.tables.ts';
import { REFDOC_0003 } from './demo/references.ts';
import { applications, DefinitionError, replaceDataset, saveDefinition } from './index.ts';

const pdfTools = hasTool('pdftotext') && hasTool('pdfsig') && hasTool('certutil');

describe('e-references (the REFDOC-0003 definition, published as REFDOC-0001 in the test catalogue)', () => {
  let t: TestApp;
  let resident: TestPerson;
  let other: TestPerson;
  let browser: BrowserLike;
  let code = '';
  let pdf: Uint8Array = new Uint8Array();
  before(async () => {
    t = await buildTestApp({ demo: true });
    resident = await createResident(t.database, { firstName: 'Günel', lastName: 'Şükürova' });
    other = await createResident(t.database);
    await replaceDataset(
      t.database.db,
      {
        name: 'refdoc-residence',
        agencyCode: 'REFDOC',
        keyColumns: ['fin'],
        records: [{ fin: resident.fin, address: 'Şəki, Rəsulzadə küçəsi 4', registeredOn: '2015-03-10' }],
      },
      t.clock.now(),
    );
    // Services are data: the test catalogue has REFDOC-0001, which gets the demo's residence reference.
    await saveDefinition(
      t.database.db,
      { code: 'REFDOC-0001', agencyCode: 'REFDOC', definition: REFDOC_0003 },
      t.clock.now(),
    );
    browser = await loginAs(t.app, resident);
  });
  after(() => t.close());

  const issuedEvents = () =>
    t.database.db
      .select()
      .from(statEvents)
      .where(and(eq(statEvents.serviceCode, 'REFDOC-0001'), eq(statEvents.outcome, 'issued')));

  it('sends an anonymous visitor to log in, for the page and for the button', async () => {
    const anonymous = await t.app.inject({ url: '/en/services/REFDOC-0001/start' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /login/);
    const post = await t.app.inject({ method: 'POST', url: '/en/services/REFDOC-0001/reference' });
    assert.notEqual(post.statusCode, 500);
    assert.notEqual(post.statusCode, 303, 'no CSRF token, no document');
    assert.equal((await issuedEvents()).length, 0);
  });

  it('shows what the document will contain, then issues, signs and stores it with one usage event', async () => {
    const start = await browser.get('/en/services/REFDOC-0001/start');
    assert.equal(start.statusCode, 200);
    assert.ok(start.body.includes('Şəki, Rəsulzadə küçəsi 4'));
    assert.ok(start.body.includes(resident.fin));
    assert.match(start.body, /Get the document/);
    const issued = await browser.post('/en/services/REFDOC-0001/reference', {});
    assert.equal(issued.statusCode, 303, issued.body);
    const landing = String(issued.headers.location);
    code = /\/en\/account\/documents\/([0-9A-Z-]{19})$/.exec(landing)?.[1] ?? '';
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const page = await browser.get(landing);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(code));
    assert.ok(page.body.includes(`/en/documents/${code}`));
    const download = await browser.get(`/en/documents/${code}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    pdf = new Uint8Array(download.rawPayload);
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');
    assert.equal((await issuedEvents()).length, 1, 'one usage event with outcome issued');
    const [issue] = await t.database.db
      .select()
      .from(documentIssues)
      .where(eq(documentIssues.personId, resident.personId));
    assert.equal(issue?.kind, 'e-reference');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.issue'), eq(auditLog.subjectId, issue?.documentId ?? '')));
    assert.equal(audit.length, 1);
    const mine = await browser.get('/en/account/documents');
    assert.ok(mine.body.includes(code));
  });

  it('prints the code, the data and the way to verify; pdfsig finds a valid signature by the agency', {
    skip: !pdfTools && 'poppler-utils or libnss3-tools missing',
  }, async () => {
    const text = pdfText(pdf);
    for (const expected of [code, 'Şəki, Rəsulzadə küçəsi 4', 'Şükürova', resident.fin, '/verify'])
      assert.ok(text.includes(expected), `missing in the PDF: ${expected}`);
    const untrusted = pdfsig(pdf);
    assert.match(untrusted, /Signature #1/);
    assert.match(untrusted, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(untrusted, /Total document signed/);
    assert.match(untrusted, /Signature Validation: Signature is Valid/);
    assert.match(untrusted, /Certificate issuer is unknown/);
    const chain = await caChain(t.database.db);
    const trusted = pdfsig(pdf, chain?.[1]?.toString('pem'));
    assert.match(trusted, /Signer Certificate Common Name: Arayış sənədləri/);
    assert.match(trusted, /Signature Validation: Signature is Valid/);
    // With our root trusted the chain is found (no longer "issuer is unknown"). pdfsig 22.12 then still says
    // "Unknown issue with Certificate" although NSS's own vfychain accepts the chain for e-mail signing:
    // poppler reads PORT_GetError() instead of the verifier's result (see docs/documents.md).
    assert.doesNotMatch(trusted, /Certificate issuer is unknown/);
    const report = await verifyPdf(t.app.platform, pdf);
    assert.equal(report.valid, true, report.failure);
    assert.equal(report.signer?.commonName, 'Arayış sənədləri');
  });

  it('gives another resident, a stranger and a bad code a 404, never the document', async () => {
    const stranger = await loginAs(t.app, other);
    for (const url of [`/en/documents/${code}`, `/en/account/documents/${code}`]) {
      const res = await stranger.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.notEqual(res.headers['content-type'], 'application/pdf');
    }
    for (const bad of ['nonsense', 'AAAA-BBBB-CCCC-DDDD', `${code}x`, '%00', 'x'.repeat(40)])
      assert.equal((await browser.get(`/en/documents/${encodeURIComponent(bad)}`)).statusCode, 404, bad);
  });

  it('answers unknown services, other kinds and residents without a record without a 500 or a document', async () => {
    const before = (await issuedEvents()).length;
    await browser.get('/en/services/REFDOC-0001/start');
    assert.equal((await browser.post('/en/services/NOPE-0001/reference', {})).statusCode, 404);
    assert.equal((await browser.post('/en/services/SSAC-0001/reference', {})).statusCode, 404);
    assert.equal((await browser.post('/en/services/REFDOC-0002/reference', {})).statusCode, 404);
    assert.equal((await browser.post('/en/services/bad%20code/reference', {})).statusCode, 404);
    const noRecord = await loginAs(t.app, other);
    const start = await noRecord.get('/en/services/REFDOC-0001/start');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /holds no record about you/);
    assert.doesNotMatch(start.body, /Get the document/);
    const post = await noRecord.post('/en/services/REFDOC-0001/reference', {});
    assert.equal(post.statusCode, 409);
    assert.equal((await issuedEvents()).length, before);
  });
});

describe('e-references when the seal cannot be made', () => {
  let t: TestApp;
  before(async () => {
    // The CA keys of the snapshot were encrypted with another passphrase: no signature can be made.
    t = await buildTestApp({ demo: true, env: { CA_PASSPHRASE: 'not-the-passphrase-of-the-snapshot' } });
  });
  after(() => t.close());

  it('says so (503), stores nothing and counts nothing; a decision goes through without its document', async () => {
    const resident = await createResident(t.database);
    await replaceDataset(
      t.database.db,
      {
        name: 'refdoc-residence',
        agencyCode: 'REFDOC',
        keyColumns: ['fin'],
        records: [{ fin: resident.fin, address: 'Bakı', registeredOn: '2020-01-01' }],
      },
      t.clock.now(),
    );
    await saveDefinition(
      t.database.db,
      { code: 'REFDOC-0001', agencyCode: 'REFDOC', definition: REFDOC_0003 },
      t.clock.now(),
    );
    const browser = await loginAs(t.app, resident, 'az');
    await browser.get('/az/services/REFDOC-0001/start');
    const res = await browser.post('/az/services/REFDOC-0001/reference', {});
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /Sənədi hazırda imzalamaq mümkün deyil/);
    assert.equal((await t.database.db.select().from(documentIssues)).length, 0);
    const events = await t.database.db.select().from(statEvents).where(eq(statEvents.outcome, 'issued'));
    assert.equal(events.length, 0);
    await browser.get('/az/services/MLSPP-0002/apply');
    const submitted = await browser.request({
      method: 'POST',
      url: '/api/v1/services/MLSPP-0002/applications',
      payload: {
        submissionKey: `seal-${resident.personId.replaceAll('-', '')}`.slice(0, 40),
        data: { householdSize: 2, monthlyIncome: 150, employment: 'unemployed', address: 'Bakı, Nizami 1' },
      },
      headers: { 'x-csrf-token': browser.lastCsrf ?? '' },
    });
    assert.equal(submitted.statusCode, 201, submitted.body);
    const id = submitted.json().id as string;
    const officer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }],
    });
    const staff = await loginAs(t.app, officer);
    await staff.get(`/en/backoffice/applications/${id}`);
    await staff.post(`/en/backoffice/applications/${id}/claim`, {});
    await staff.get(`/en/backoffice/applications/${id}`);
    const decided = await staff.post(`/en/backoffice/applications/${id}/decide`, {
      action: 'approve',
      reason: 'Şərtlər ödənilir',
    });
    assert.equal(decided.statusCode, 303);
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
    assert.equal(row?.status, 'approved');
    assert.equal((await t.database.db.select().from(documentIssues)).length, 0);
  });

  it('refuses a document definition of the wrong shape on save', async () => {
    const bad = [
      { ...REFDOC_0003, document: { fields: [] } },
      {
        ...REFDOC_0003,
        document: { title: { az: 'a', en: 'b', ru: 'c' }, fields: [{ label: 'x', value: 1 }] },
      },
      { ...REFDOC_0003, document: { title: { az: 'a', en: 'b', ru: 'c' }, fields: [], script: '<x>' } },
    ];
    for (const definition of bad)
      await assert.rejects(
        saveDefinition(
          t.database.db,
          { code: 'REFDOC-0001', agencyCode: 'REFDOC', definition: definition as never },
          t.clock.now(),
        ),
        DefinitionError,
      );
  });
});
