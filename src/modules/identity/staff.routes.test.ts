import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs, type TestStaff } from '../../../test/helpers/identity.ts';
import { type RoleGrant, STAFF_ROLES } from '../../platform/http/auth.ts';
import { auditLog } from '../audit/index.ts';
import { identityRoleGrants } from './identity.tables.ts';

const ROUTES: { method: 'GET' | 'POST'; path: string; allowed: string[] }[] = [
  { method: 'GET', path: '/en/staff/service-centre', allowed: ['service_centre_operator'] },
  { method: 'POST', path: '/en/staff/service-centre', allowed: ['service_centre_operator'] },
  { method: 'GET', path: '/en/admin/staff', allowed: ['portal_admin', 'agency_admin'] },
  { method: 'POST', path: '/en/admin/staff/grants', allowed: ['portal_admin', 'agency_admin'] },
];

function grantFor(role: (typeof STAFF_ROLES)[number]): RoleGrant {
  return role === 'agency_admin' || role === 'agency_officer' ? { role, agencyCode: 'MLSPP' } : { role };
}

async function grantsOf(t: TestApp, accountId: string) {
  return t.database.db.select().from(identityRoleGrants).where(eq(identityRoleGrants.accountId, accountId));
}

describe('least privilege on staff routes', () => {
  let t: TestApp;
  const browsers = new Map<string, BrowserLike>();
  before(async () => {
    t = await buildTestApp();
    for (const role of STAFF_ROLES)
      browsers.set(role, await loginAs(t.app, await createStaff(t.database, { roles: [grantFor(role)] })));
    browsers.set('resident', await loginAs(t.app, await createResident(t.database)));
  });
  after(() => t.close());

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: refused for every other role, the resident and anonymous`, async () => {
      for (const [who, browser] of browsers) {
        if (route.allowed.includes(who)) continue;
        await browser.get('/en');
        const res =
          route.method === 'GET'
            ? await browser.get(route.path)
            : await browser.post(route.path, { fin: 'AAAAAA1', role: 'portal_admin' });
        assert.equal(res.statusCode, 403, `${who} on ${route.method} ${route.path}`);
      }
      const anonymous = await t.app.inject({ method: 'GET', url: route.path });
      if (route.method === 'GET') assert.equal(anonymous.statusCode, 303);
    });

    if (route.method === 'GET')
      it(`${route.method} ${route.path}: allowed for ${route.allowed.join(', ')}`, async () => {
        for (const who of route.allowed)
          assert.equal((await (browsers.get(who) as BrowserLike).get(route.path)).statusCode, 200, who);
      });
  }

  it('audited every refused request and made no grant for any of them', async () => {
    const denied = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'access.denied'));
    // Of the 8 logged-in viewers, 7 are refused on each centre route and 6 on each admin route.
    assert.equal(denied.filter((e) => e.actorAccountId).length, 7 * 2 + 6 * 2);
    assert.ok(
      denied.every((e) => !JSON.stringify(e.details).includes('AAAAAA1')),
      'no form data in the log',
    );
    const grants = await t.database.db
      .select()
      .from(identityRoleGrants)
      .where(eq(identityRoleGrants.role, 'portal_admin'));
    assert.equal(grants.length, 1, 'only the portal admin created for the test');
  });
});

describe('role administration', () => {
  let t: TestApp;
  let admin: TestStaff;
  let adminBrowser: BrowserLike;
  let mlsppAdmin: BrowserLike;
  before(async () => {
    t = await buildTestApp();
    admin = await createStaff(t.database, { roles: [{ role: 'portal_admin' }] });
    adminBrowser = await loginAs(t.app, admin);
    mlsppAdmin = await loginAs(
      t.app,
      await createStaff(t.database, { roles: [{ role: 'agency_admin', agencyCode: 'MLSPP' }] }),
    );
  });
  after(() => t.close());

  it('lets the portal admin grant and revoke any role, audited with the admin as actor', async () => {
    const person = await createResident(t.database);
    await adminBrowser.get('/en/admin/staff');
    const res = await adminBrowser.post('/en/admin/staff/grants', {
      fin: person.fin,
      role: 'ca_operator',
      agency: '',
    });
    assert.equal(res.statusCode, 303);
    const [grant] = await grantsOf(t, person.accountId);
    assert.equal(grant?.role, 'ca_operator');
    assert.equal(grant?.grantedBy, admin.accountId);
    const list = await adminBrowser.get('/en/admin/staff?done=granted');
    assert.match(list.body, new RegExp(person.fin));
    assert.match(list.body, /The role has been given/);
    const revoke = await adminBrowser.post(`/en/admin/staff/grants/${grant?.id}/revoke`, {});
    assert.equal(revoke.statusCode, 303);
    assert.equal((await grantsOf(t, person.accountId)).length, 0);
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectPersonId, person.personId));
    assert.deepEqual(
      entries.map((e) => [e.action, e.actorRole, e.actorAccountId]),
      [
        ['identity.role_granted', 'portal_admin', admin.accountId],
        ['identity.role_revoked', 'portal_admin', admin.accountId],
      ],
    );
  });

  it('validates grants with clear errors', async () => {
    const person = await createResident(t.database);
    const noAccount = await createResident(t.database, { account: false });
    const cases: [Record<string, string>, RegExp][] = [
      [{ fin: 'bad', role: 'editor' }, /FIN of 7 letters/],
      [{ fin: noAccount.fin, role: 'editor' }, /needs a passcode first/],
      [{ fin: 'ZZZZZZ8', role: 'editor' }, /needs a passcode first/],
      [{ fin: person.fin, role: 'superuser' }, /Choose a role/],
      [{ fin: person.fin, role: 'agency_officer' }, /Enter the code of the agency/],
      [{ fin: person.fin, role: 'editor', agency: 'MLSPP' }, /not tied to an agency/],
      [{ fin: person.fin, role: 'agency_officer', agency: 'not a code!' }, /Enter the code of the agency/],
    ];
    for (const [form, message] of cases) {
      await adminBrowser.get('/en/admin/staff');
      const res = await adminBrowser.post('/en/admin/staff/grants', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.match(res.body, message);
    }
    await adminBrowser.post('/en/admin/staff/grants', { fin: person.fin, role: 'editor' });
    const duplicate = await adminBrowser.post('/en/admin/staff/grants', { fin: person.fin, role: 'editor' });
    assert.match(duplicate.body, /already has this role/);
    assert.equal((await grantsOf(t, person.accountId)).length, 1);
  });

  it('keeps the portal admin from removing their own admin role', async () => {
    const [own] = await grantsOf(t, admin.accountId);
    await adminBrowser.get('/en/admin/staff');
    const res = await adminBrowser.post(`/en/admin/staff/grants/${own?.id}/revoke`, {});
    assert.equal(res.statusCode, 400);
    assert.equal((await grantsOf(t, admin.accountId)).length, 1);
  });

  it('confines an agency admin to officers of their own agency', async () => {
    const person = await createResident(t.database);
    const ssacOfficer = await createStaff(t.database, {
      roles: [{ role: 'agency_officer', agencyCode: 'SSAC' }],
    });
    await mlsppAdmin.get('/en/admin/staff');
    const forbidden: Record<string, string>[] = [
      { fin: person.fin, role: 'agency_officer', agency: 'SSAC' },
      { fin: person.fin, role: 'agency_admin', agency: 'MLSPP' },
      { fin: person.fin, role: 'portal_admin' },
      { fin: person.fin, role: 'service_centre_operator' },
    ];
    for (const form of forbidden) {
      const res = await mlsppAdmin.post('/en/admin/staff/grants', form);
      assert.equal(res.statusCode, 403, JSON.stringify(form));
    }
    assert.equal((await grantsOf(t, person.accountId)).length, 0);
    const ok = await mlsppAdmin.post('/en/admin/staff/grants', {
      fin: person.fin,
      role: 'agency_officer',
      agency: 'MLSPP',
    });
    assert.equal(ok.statusCode, 303);
    const list = await mlsppAdmin.get('/en/admin/staff');
    assert.match(list.body, new RegExp(person.fin));
    assert.doesNotMatch(list.body, new RegExp(ssacOfficer.fin), "another agency's staff are not listed");
    const [ssacGrant] = await grantsOf(t, ssacOfficer.accountId);
    const other = await mlsppAdmin.post(`/en/admin/staff/grants/${ssacGrant?.id}/revoke`, {});
    assert.equal(other.statusCode, 404, "another agency's grant looks like it does not exist");
    assert.equal((await grantsOf(t, ssacOfficer.accountId)).length, 1);
    const [mine] = await grantsOf(t, person.accountId);
    assert.equal((await mlsppAdmin.post(`/en/admin/staff/grants/${mine?.id}/revoke`, {})).statusCode, 303);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'identity.role_revoked'), eq(auditLog.subjectPersonId, person.personId)),
      );
    assert.equal(entry?.actorRole, 'agency_admin');
    assert.equal(entry?.actorAgency, 'MLSPP');
  });

  it('answers 404 for malformed grant ids', async () => {
    await adminBrowser.get('/en/admin/staff');
    assert.equal((await adminBrowser.post('/en/admin/staff/grants/123/revoke', {})).statusCode, 404);
  });
});
