import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog, sealAudit, verifyChain } from '../audit/index.ts';
import { recordStaffDataView } from './data-view.ts';
import {
  identityAccounts,
  identitySessions,
  registerOrganisations,
  registerRepresentatives,
} from './identity.tables.ts';

function sessionIds(body: string): string[] {
  return [...body.matchAll(/\/account\/sessions\/([0-9a-f-]{36})\/revoke/g)].map((m) => m[1] as string);
}

describe('my account', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.clock.advance(60_000));

  it('shows the profile from the register, in each language', async () => {
    const resident = await createResident(t.database, {
      firstName: 'Günel',
      lastName: 'Şükürova',
      birthDate: '1983-03-08',
    });
    const browser = await loginAs(t.app, resident);
    const page = await browser.get('/az/account');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Şükürova Günel/);
    assert.match(page.body, new RegExp(resident.fin));
    assert.match(page.body, /1983-03-08/);
    assert.match(page.body, /<title>Şəxsi kabinet/);
    assert.match((await browser.get('/ru/account')).body, /<title>Личный кабинет/);
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  it('sends anonymous visitors to the login page', async () => {
    for (const path of [
      '/en/account',
      '/en/account/sessions',
      '/en/account/security',
      '/en/account/access',
    ]) {
      const res = await t.app.inject(path);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/en/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('lists active sessions and ends another one', async () => {
    const resident = await createResident(t.database);
    const phone = await loginAs(t.app, resident);
    const laptop = await loginAs(t.app, resident);
    const list = await laptop.get('/en/account/sessions');
    const ids = sessionIds(list.body);
    assert.equal(ids.length, 2);
    assert.match(list.body, /This browser/);
    const [phoneSession] = await t.database.db
      .select()
      .from(identitySessions)
      .where(
        and(
          eq(identitySessions.accountId, resident.accountId),
          eq(
            identitySessions.tokenHash,
            crypto
              .createHash('sha256')
              .update(phone.cookies.get('sid') as string)
              .digest('hex'),
          ),
        ),
      );
    const res = await laptop.post(`/en/account/sessions/${phoneSession?.id}/revoke`, {});
    assert.equal(res.statusCode, 303);
    assert.equal((await phone.get('/en/account')).statusCode, 303, 'the phone is logged out');
    assert.equal((await laptop.get('/en/account')).statusCode, 200, 'this browser is not');
  });

  it("answers 404 for another resident's session id, and changes nothing", async () => {
    const victim = await createResident(t.database);
    const attacker = await createResident(t.database);
    const victimBrowser = await loginAs(t.app, victim);
    const [victimSession] = sessionIds((await victimBrowser.get('/en/account/sessions')).body);
    const attackerBrowser = await loginAs(t.app, attacker);
    await attackerBrowser.get('/en/account/sessions');
    const res = await attackerBrowser.post(`/en/account/sessions/${victimSession}/revoke`, {});
    assert.equal(res.statusCode, 404);
    assert.equal((await victimBrowser.get('/en/account')).statusCode, 200);
    const [denied] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorAccountId, attacker.accountId)));
    assert.deepEqual(denied?.details, {
      reason: 'not_owner',
      method: 'POST',
      route: '/:lang/account/sessions/:id/revoke',
    });
    assert.equal((await attackerBrowser.post('/en/account/sessions/not-a-uuid/revoke', {})).statusCode, 404);
    assert.equal(
      (await attackerBrowser.post(`/en/account/sessions/${crypto.randomUUID()}/revoke`, {})).statusCode,
      404,
    );
  });

  it('logs out everywhere', async () => {
    const resident = await createResident(t.database);
    const a = await loginAs(t.app, resident);
    const b = await loginAs(t.app, resident);
    await b.get('/en/account/sessions');
    const res = await b.post('/en/account/sessions/revoke-all', {});
    assert.equal(res.headers.location, '/en/logged-out');
    assert.equal((await a.get('/en/account')).statusCode, 303);
    assert.equal((await b.get('/en/account')).statusCode, 303);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'identity.logout_everywhere'),
          eq(auditLog.subjectPersonId, resident.personId),
        ),
      );
    assert.deepEqual(entry?.details, { sessions: 2 });
  });

  it('saves contact preferences, with an audit entry', async () => {
    const resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/account');
    const res = await browser.post('/en/account/contact', { sms: 'yes' });
    assert.equal(res.statusCode, 303);
    const [account] = await t.database.db
      .select()
      .from(identityAccounts)
      .where(eq(identityAccounts.id, resident.accountId));
    assert.equal(account?.notifyByEmail, false);
    assert.equal(account?.notifyBySms, true);
    assert.match((await browser.get('/en/account?saved=1')).body, /preferences have been saved/);
  });

  it('switches "acting as" only to an organisation the person represents', async () => {
    const resident = await createResident(t.database);
    const [mine, theirs] = [crypto.randomUUID(), crypto.randomUUID()];
    await t.database.db.insert(registerOrganisations).values([
      { id: mine, kind: 'legal', taxNumber: '1700000001', name: 'Sınaq Texnologiya MMC' },
      { id: theirs, kind: 'legal', taxNumber: '1700000002', name: 'Başqa Şirkət ASC' },
    ]);
    await t.database.db
      .insert(registerRepresentatives)
      .values({ organisationId: mine, personId: resident.personId, capacity: 'director' });
    const browser = await loginAs(t.app, resident);
    const page = await browser.get('/en/account');
    assert.match(page.body, /Sınaq Texnologiya MMC/);
    assert.doesNotMatch(page.body, /Başqa Şirkət/);
    assert.equal((await browser.post('/en/account/acting-as', { organisation: theirs })).statusCode, 404);
    assert.equal((await browser.post('/en/account/acting-as', { organisation: mine })).statusCode, 303);
    const after = await browser.get('/en/account');
    assert.match(after.body, new RegExp(`value="${mine}" checked`));
    await browser.post('/en/account/acting-as', { organisation: 'self' });
    assert.match((await browser.get('/en/account')).body, /value="self" checked/);
  });

  it('shows staff access on "Who accessed my data", and only the person\'s own', async () => {
    const resident = await createResident(t.database);
    const other = await createResident(t.database);
    const officer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }],
      lastName: 'Məmmədli',
    });
    const officerViewer = {
      accountId: officer.accountId,
      sessionId: 'x',
      personId: officer.personId,
      displayName: '',
      pseudonym: '',
      level: 'substantial' as const,
      roles: officer.roles,
    };
    await t.database.db.transaction((tx) =>
      recordStaffDataView(
        tx,
        officerViewer,
        {
          personId: resident.personId,
          role: 'agency_officer',
          agencyCode: 'SSAC',
          reason: 'Application SSAC-2026-000123 reviewed',
        },
        t.clock.now(),
      ),
    );
    const browser = await loginAs(t.app, resident);
    const page = await browser.get('/en/account/access');
    assert.match(page.body, /Məmmədli/);
    assert.match(page.body, /SSAC/);
    assert.match(page.body, /Application SSAC-2026-000123 reviewed/);
    assert.doesNotMatch(page.body, /Log in</, 'own logins are on the security page, not here');
    const otherPage = await (await loginAs(t.app, other)).get('/en/account/access');
    assert.doesNotMatch(otherPage.body, /Məmmədli/);
    assert.match(otherPage.body, /No member of staff has opened your data/);
  });

  it('leaves an audit chain that verifies after all of the above', async () => {
    await sealAudit(t.database.db);
    const report = await verifyChain(t.database.db);
    assert.equal(report.firstBroken, undefined, JSON.stringify(report));
    assert.ok(report.entries > 15, `${report.entries} entries`);
    assert.equal(report.firstBroken, undefined);
  });
});
