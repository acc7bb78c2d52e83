import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { documentIssues } from '../documents/index.ts';
import { hasTool, pdfsig, pdfText } from '../documents/pdf-tools.test-helper.ts';
import { verifyPdf } from '../signatures/index.ts';

describe('decision documents', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  async function submitted(lang: string) {
    const resident = await createResident(t.database, { firstName: 'Nərmin', lastName: 'Qasımova' });
    const browser = await loginAs(t.app, resident, lang);
    await browser.get(`/${lang}/services/MLSPP-0002/apply`);
    const res = await browser.request({
      method: 'POST',
      url: '/api/v1/services/MLSPP-0002/applications',
      payload: {
        submissionKey: `dd-${resident.personId.replaceAll('-', '')}`.slice(0, 40),
        lang,
        data: {
          householdSize: 3,
          monthlyIncome: 200,
          employment: 'unemployed',
          address: 'Gəncə, Atatürk pr. 1',
        },
      },
      headers: { 'x-csrf-token': browser.lastCsrf ?? '' },
    });
    assert.equal(res.statusCode, 201, res.body);
    return { resident, browser, id: res.json().id as string, number: res.json().number as string };
  }

  async function decide(id: string, action: string, reason: string) {
    const officer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }],
    });
    const staff = await loginAs(t.app, officer);
    await staff.get(`/en/backoffice/applications/${id}`);
    assert.equal((await staff.post(`/en/backoffice/applications/${id}/claim`, {})).statusCode, 303);
    await staff.get(`/en/backoffice/applications/${id}`);
    const res = await staff.post(`/en/backoffice/applications/${id}/decide`, { action, reason });
    assert.equal(res.statusCode, 303, res.body);
    return { officer, staff };
  }

  it('signs and stores the decision with the approval; resident and officer download it, others get 404', async () => {
    const { browser, id, number } = await submitted('ru');
    const { staff } = await decide(id, 'approve', 'Доход семьи ниже прожиточного минимума');
    const issues = await t.database.db
      .select()
      .from(documentIssues)
      .where(eq(documentIssues.applicationId, id));
    assert.equal(issues.length, 1, 'one decision document, stored with the decision');
    assert.equal(issues[0]?.kind, 'decision');
    const page = await browser.get(`/ru/account/applications/${id}`);
    assert.equal(page.statusCode, 200);
    const href = /href="(\/ru\/documents\/[0-9A-Z-]{19})"/.exec(page.body)?.[1] ?? '';
    assert.ok(href, 'the resident sees the document under the application');
    const own = await browser.get(href);
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['content-type'], 'application/pdf');
    const officerView = await staff.get(`/en/backoffice/applications/${id}`);
    assert.ok(officerView.body.includes(href.replace('/ru/', '/en/')), 'the officer sees it too');
    assert.equal((await staff.get(href.replace('/ru/', '/en/'))).statusCode, 200);
    const pdf = new Uint8Array(own.rawPayload);
    const report = await verifyPdf(t.app.platform, pdf);
    assert.equal(report.valid, true, report.failure);
    if (hasTool('pdftotext')) {
      const text = pdfText(pdf);
      for (const expected of [
        number,
        'Одобрено',
        'Доход семьи ниже прожиточного минимума',
        'Qasımova',
        href.slice(14),
      ])
        assert.ok(text.includes(expected), `missing in the PDF: ${expected}`);
      assert.doesNotMatch(text, /Staff/, 'the officer’s name is not printed, only the role');
    }
    if (hasTool('pdfsig')) assert.match(pdfsig(pdf), /Signature is Valid/);
    const stranger = await loginAs(t.app, await createResident(t.database));
    assert.equal((await stranger.get(href)).statusCode, 404);
    const otherAgency = await loginAs(
      t.app,
      await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }] }),
    );
    assert.equal((await otherAgency.get(href)).statusCode, 404);
  });

  it('issues a rejection document, and none for a request for information', async () => {
    const { id } = await submitted('az');
    await decide(id, 'request_info', 'Gəlir arayışını əlavə edin');
    assert.equal(
      (await t.database.db.select().from(documentIssues).where(eq(documentIssues.applicationId, id))).length,
      0,
    );
    const second = await submitted('az');
    await decide(second.id, 'reject', 'Ailənin gəliri həddən yuxarıdır');
    const [issue] = await t.database.db
      .select()
      .from(documentIssues)
      .where(eq(documentIssues.applicationId, second.id));
    assert.equal(issue?.kind, 'decision');
    assert.match(issue?.title ?? '', new RegExp(second.number));
  });
});
