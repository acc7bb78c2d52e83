import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { applications } from '../services/index.ts';

describe('back office', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  async function submitted() {
    const resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/services/MLSPP-0002/apply');
    const res = await browser.request({
      method: 'POST',
      url: '/api/v1/services/MLSPP-0002/applications',
      payload: {
        submissionKey: `bo-${resident.personId.replaceAll('-', '')}`.slice(0, 40),
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

  it('lets an MLSPP officer claim, request information, see the answer and approve; the resident sees it all', async () => {
    const { resident, browser, id, number } = await submitted();
    const officer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }],
    });
    const staff = await loginAs(t.app, officer);
    const list = await staff.get('/en/backoffice');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(number));
    const view = await staff.get(`/en/backoffice/applications/${id}`);
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Claim this application/);
    const viewed = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.subjectPersonId, resident.personId), eq(auditLog.actorAccountId, officer.accountId)),
      );
    assert.ok(viewed.length >= 1, 'the view is on the resident’s "who accessed my data"');
    assert.equal((await staff.post(`/en/backoffice/applications/${id}/claim`, {})).statusCode, 303);
    const empty = await staff.post(`/en/backoffice/applications/${id}/decide`, {
      action: 'approve',
      reason: '',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    const ask = await staff.post(`/en/backoffice/applications/${id}/decide`, {
      action: 'request_info',
      reason: 'Gəlir arayışını əlavə edin',
    });
    assert.equal(ask.statusCode, 303);
    const page = await browser.get(`/en/account/applications/${id}`);
    assert.match(page.body, /More information requested/);
    assert.match(page.body, /Gəlir arayışını əlavə edin/);
    assert.equal(
      (await browser.post(`/en/account/applications/${id}/respond`, { message: 'Arayış göndərildi' }))
        .statusCode,
      303,
    );
    assert.equal((await staff.post(`/en/backoffice/applications/${id}/claim`, {})).statusCode, 303);
    const approve = await staff.post(`/en/backoffice/applications/${id}/decide`, {
      action: 'approve',
      reason: 'Şərtlərə uyğundur',
    });
    assert.equal(approve.statusCode, 303);
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
    assert.equal(row?.status, 'approved');
    assert.equal(row?.decisionReason, 'Şərtlərə uyğundur');
    const final = await browser.get(`/en/account/applications/${id}`);
    assert.match(final.body, /Approved/);
  });

  it('hides another agency’s applications from an officer (404) and refuses residents', async () => {
    const { id, browser } = await submitted();
    const ssac = await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }] });
    const staff = await loginAs(t.app, ssac);
    assert.equal((await staff.get(`/en/backoffice/applications/${id}`)).statusCode, 404);
    assert.equal((await staff.post(`/en/backoffice/applications/${id}/claim`, {})).statusCode, 404);
    assert.equal((await browser.get('/en/backoffice')).statusCode, 403);
  });

  it('shows the demo applications in the queue of the demo officers', async () => {
    const open = await t.database.db.select().from(applications).where(eq(applications.agencyCode, 'MLSPP'));
    assert.ok(new Set(open.map((a) => a.status)).size >= 4, 'demo applications in several states');
  });
});
