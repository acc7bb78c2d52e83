import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs, type TestStaff } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { applications } from '../services/index.ts';

describe('assigning applications (agency admins)', () => {
  let t: TestApp;
  let admin: TestStaff;
  let officer: TestStaff;
  before(async () => {
    t = await buildTestApp({ demo: true });
    admin = await createStaff(t.database, { roles: [{ role: 'agency_admin', agencyCode: 'MLSPP' }] });
    officer = await createStaff(t.database, {
      firstName: 'Nərmin',
      lastName: 'Quliyeva',
      roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }],
    });
  });
  after(() => t.close());

  /** A submitted application of a new resident (straight into the table: the form is not under test here). */
  async function submitted(agencyCode = 'MLSPP', status = 'submitted') {
    const resident = await createResident(t.database);
    const now = t.clock.now();
    const [row] = await t.database.db
      .insert(applications)
      .values({
        number: `${agencyCode}-TEST-${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
        serviceCode: `${agencyCode}-0002`,
        agencyCode,
        definitionVersion: 1,
        personId: resident.personId,
        accountId: resident.personId,
        submissionKey: `assign-${Math.random()}`,
        status,
        lang: 'en',
        data: {},
        createdAt: now,
        submittedAt: now,
        updatedAt: now,
      })
      .returning();
    return row as typeof applications.$inferSelect;
  }

  it('gives an open application to an officer, then back to the queue; audited, officer sees it as theirs', async () => {
    const application = await submitted();
    const staff = await loginAs(t.app, admin);
    const page = await staff.get(`/en/backoffice/applications/${application.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Officer who handles this application/);
    assert.match(page.body, /Nərmin Quliyeva/);
    const assigned = await staff.post(`/en/backoffice/applications/${application.id}/assign`, {
      officer: officer.accountId,
    });
    assert.equal(assigned.statusCode, 303);
    let [row] = await t.database.db.select().from(applications).where(eq(applications.id, application.id));
    assert.equal(row?.assignedTo, officer.accountId);
    assert.equal(row?.assignedName, 'Nərmin Quliyeva');
    const mine = await (await loginAs(t.app, officer)).get('/en/backoffice?mine=1');
    assert.ok(mine.body.includes(application.number ?? '?'));
    await staff.get(`/en/backoffice/applications/${application.id}`);
    await staff.post(`/en/backoffice/applications/${application.id}/assign`, { officer: '' });
    [row] = await t.database.db.select().from(applications).where(eq(applications.id, application.id));
    assert.equal(row?.assignedTo, null);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'application.assign'), eq(auditLog.subjectId, application.id)));
    assert.equal(audit.length, 2);
    assert.equal(audit[0]?.actorRole, 'agency_admin');
  });

  it('refuses an officer of another agency, a decided application, officers and other agencies’ admins', async () => {
    const application = await submitted();
    const ssacOfficer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }],
    });
    const staff = await loginAs(t.app, admin);
    await staff.get(`/en/backoffice/applications/${application.id}`);
    const foreign = await staff.post(`/en/backoffice/applications/${application.id}/assign`, {
      officer: ssacOfficer.accountId,
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Choose an officer of this agency/);
    const decided = await submitted('MLSPP', 'approved');
    const page = await staff.get(`/en/backoffice/applications/${decided.id}`);
    assert.doesNotMatch(page.body, /Officer who handles this application/);
    const late = await staff.post(`/en/backoffice/applications/${decided.id}/assign`, {
      officer: officer.accountId,
    });
    assert.equal(late.statusCode, 400);
    const asOfficer = await loginAs(t.app, officer);
    await asOfficer.get(`/en/backoffice/applications/${application.id}`);
    const notAdmin = await asOfficer.post(`/en/backoffice/applications/${application.id}/assign`, {
      officer: officer.accountId,
    });
    assert.equal(notAdmin.statusCode, 403);
    const ssacAdmin = await createStaff(t.database, {
      roles: [{ role: 'agency_admin', agencyCode: 'SSAC' }],
    });
    const other = await loginAs(t.app, ssacAdmin);
    await other.get('/en/backoffice');
    const hidden = await other.post(`/en/backoffice/applications/${application.id}/assign`, { officer: '' });
    assert.equal(hidden.statusCode, 404);
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, application.id));
    assert.equal(row?.assignedTo, null, 'nothing changed');
  });
});
