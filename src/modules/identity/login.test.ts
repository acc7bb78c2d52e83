import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { identityAccounts, identitySessions } from './identity.tables.ts';

async function tryLogin(t: TestApp, fin: string, passcode: string, headers: Record<string, string> = {}) {
  const browser = new BrowserLike(t.app);
  await browser.get('/en/login');
  return browser.post('/en/login', { fin, passcode }, headers);
}

function errorText(body: string): string {
  return (
    /<div class="govuk-error-summary__body">([\s\S]*?)<\/div>/.exec(body)?.[1]?.replace(/\s+/g, ' ').trim() ??
    ''
  );
}

describe('login', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.clock.advance(60 * 60 * 1000));

  it('logs a resident in and sets a hardened session cookie', async () => {
    const resident = await createResident(t.database);
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    const res = await browser.post('/en/login', {
      fin: resident.fin.toLowerCase(),
      passcode: resident.passcode,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/en/account');
    const sid = res.cookies.find((c) => c.name === 'sid');
    assert.ok(sid);
    assert.equal(sid.httpOnly, true);
    assert.equal(sid.sameSite, 'Lax');
    assert.equal(sid.path, '/');
    assert.equal(sid.secure, undefined, 'plain http on localhost cannot use Secure');
    const [stored] = await t.database.db
      .select()
      .from(identitySessions)
      .where(eq(identitySessions.accountId, resident.accountId));
    assert.ok(stored);
    assert.notEqual(stored.tokenHash, sid.value, 'only a hash of the token is stored');
    assert.match(stored.tokenHash, /^[0-9a-f]{64}$/);
    const account = await browser.get('/en/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, new RegExp(resident.lastName));
  });

  it('returns to a local next page only', async () => {
    const resident = await createResident(t.database);
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login?next=/en/account/sessions');
    const res = await browser.post('/en/login', {
      fin: resident.fin,
      passcode: resident.passcode,
      next: '/en/account/sessions',
    });
    assert.equal(res.headers.location, '/en/account/sessions');
    const evil = new BrowserLike(t.app);
    await evil.get('/en/login');
    const away = await evil.post('/en/login', {
      fin: resident.fin,
      passcode: resident.passcode,
      next: '//evil.example/x',
    });
    assert.equal(away.headers.location, '/en/account');
  });

  it('gives the same answer for an unknown FIN, a person without passcode and a wrong passcode', async () => {
    const resident = await createResident(t.database);
    const noAccount = await createResident(t.database, { account: false });
    const answers = await Promise.all([
      tryLogin(t, 'ZZZZZZ9', 'Some-passcode-1', { 'x-forwarded-for': '10.0.0.1' }),
      tryLogin(t, noAccount.fin, 'Some-passcode-1'),
      tryLogin(t, resident.fin, 'Wrong-passcode-1'),
    ]);
    for (const res of answers) assert.equal(res.statusCode, 401);
    const texts = answers.map((r) => errorText(r.body));
    assert.ok(texts[0]);
    assert.deepEqual(new Set(texts).size, 1, 'identical messages');
    assert.ok(answers.every((r) => !r.cookies.some((c) => c.name === 'sid')));
  });

  it('validates empty and malformed fields without a 500, and audits the malformed attempt', async () => {
    const empty = await tryLogin(t, '', '');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter your FIN/);
    assert.match(empty.body, /href="#passcode"/);
    const countBefore = (await t.database.db.select().from(auditLog)).length;
    for (const fin of ['12', "5ZK3M7A' OR 1=1 --", 'ƏƏƏƏƏƏƏ', 'x'.repeat(1900)]) {
      const res = await tryLogin(t, fin, 'anything-at-all');
      assert.equal(res.statusCode, 401, fin);
    }
    const entries = await t.database.db.select().from(auditLog);
    assert.equal(entries.length, countBefore + 4);
    assert.ok(entries.slice(-4).every((e) => e.action === 'identity.login' && e.outcome === 'failure'));
    const tooLong = await tryLogin(t, 'x'.repeat(3000), 'y');
    assert.equal(tooLong.statusCode, 400);
  });

  it('backs off exponentially after five failures, and the owner sees the failures', async () => {
    const resident = await createResident(t.database);
    for (let i = 0; i < 5; i++)
      assert.equal((await tryLogin(t, resident.fin, `Wrong-${i}-passcode`)).statusCode, 401);
    const [account] = await t.database.db
      .select()
      .from(identityAccounts)
      .where(eq(identityAccounts.id, resident.accountId));
    assert.equal(account?.failedCount, 5);
    assert.ok(account?.lockedUntil && account.lockedUntil > t.clock.now());
    // Locked: even the right passcode is refused, with the same message.
    assert.equal((await tryLogin(t, resident.fin, resident.passcode)).statusCode, 401);
    t.clock.advance(61_000);
    assert.equal((await tryLogin(t, resident.fin, 'Wrong-again-passcode')).statusCode, 401);
    const [sixth] = await t.database.db
      .select()
      .from(identityAccounts)
      .where(eq(identityAccounts.id, resident.accountId));
    assert.equal(sixth?.failedCount, 6);
    const lockMs = (sixth?.lockedUntil?.getTime() ?? 0) - t.clock.now().getTime();
    assert.equal(lockMs, 2 * 60_000, 'second lock is twice as long');
    t.clock.advance(2 * 60_000 + 1000);
    const browser = await loginAs(t.app, resident);
    const security = await browser.get('/en/account/security');
    assert.equal(security.statusCode, 200);
    assert.equal((security.body.match(/wrong passcode/g) ?? []).length, 6);
    assert.match(security.body, /account temporarily locked/);
  });

  it('limits failures per address across many accounts', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const app = await buildTestApp({ env: { TRUST_PROXY: 'true' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 32; i++) {
        const browser = new BrowserLike(app.app);
        await browser.get('/en/login', headers);
        codes.push(
          (
            await browser.post(
              '/en/login',
              { fin: `AAAA${String(i).padStart(3, '0')}`, passcode: 'guess-guess-1' },
              headers,
            )
          ).statusCode,
        );
      }
      assert.deepEqual(codes.slice(0, 30), new Array(30).fill(401));
      assert.deepEqual(codes.slice(30), [429, 429]);
      const resident = await createResident(app.database);
      // Another address is not affected.
      const other = new BrowserLike(app.app);
      await other.get('/en/login', { 'x-forwarded-for': '198.51.100.7' });
      const ok = await other.post(
        '/en/login',
        { fin: resident.fin, passcode: resident.passcode },
        { 'x-forwarded-for': '198.51.100.7' },
      );
      assert.equal(ok.statusCode, 303);
      const denied = await app.database.db.select().from(auditLog).where(eq(auditLog.outcome, 'denied'));
      assert.equal(denied.length, 2);
      app.clock.advance(16 * 60_000);
      const later = new BrowserLike(app.app);
      await later.get('/en/login', headers);
      assert.equal(
        (await later.post('/en/login', { fin: resident.fin, passcode: resident.passcode }, headers))
          .statusCode,
        303,
      );
    } finally {
      await app.close();
    }
  });

  it('refuses a post without the CSRF token and leaves no session', async () => {
    const resident = await createResident(t.database);
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/login',
      payload: `fin=${resident.fin}&passcode=${encodeURIComponent(resident.passcode)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 403);
    assert.ok(!res.cookies.some((c) => c.name === 'sid'));
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'access.denied'));
    assert.deepEqual(entry?.details, {
      reason: 'forbidden_anonymous',
      method: 'POST',
      route: '/:lang/login',
    });
  });

  it('issues a new session at login and ends the one the browser had (no fixation)', async () => {
    const first = await createResident(t.database);
    const second = await createResident(t.database);
    const browser = await loginAs(t.app, first);
    const before = browser.cookies.get('sid');
    await browser.get('/en/login?level=high');
    const res = await browser.post('/en/login', { fin: second.fin, passcode: second.passcode });
    assert.equal(res.statusCode, 303);
    assert.notEqual(browser.cookies.get('sid'), before);
    const planted = new BrowserLike(t.app);
    planted.cookies.set('sid', before as string);
    assert.equal((await planted.get('/en/account')).statusCode, 303, 'the old session no longer works');
    // A token planted before login is never adopted.
    const attacker = new BrowserLike(t.app);
    attacker.cookies.set('sid', 'planted-token-of-the-attacker');
    await attacker.get('/en/login');
    await attacker.post('/en/login', { fin: first.fin, passcode: first.passcode });
    assert.notEqual(attacker.cookies.get('sid'), 'planted-token-of-the-attacker');
  });

  it('ends idle sessions after 30 minutes and every session after 12 hours', async () => {
    const resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    t.clock.advance(29 * 60_000);
    assert.equal((await browser.get('/en/account')).statusCode, 200);
    t.clock.advance(31 * 60_000);
    const idle = await browser.get('/en/account');
    assert.equal(idle.statusCode, 303);
    assert.equal(idle.headers.location, '/en/login?next=%2Fen%2Faccount');
    const busy = await loginAs(t.app, resident);
    for (let i = 0; i < 24; i++) {
      t.clock.advance(29 * 60_000);
      await busy.get('/en/account');
    }
    t.clock.advance(29 * 60_000);
    assert.equal((await busy.get('/en/account')).statusCode, 303, 'past 12 hours even when active');
  });

  it('logs out, and the session cannot be used again', async () => {
    const resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    const token = browser.cookies.get('sid') as string;
    await browser.get('/en/account');
    const res = await browser.post('/en/logout', {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/en/logged-out');
    assert.equal(browser.cookies.has('sid'), false);
    const replay = new BrowserLike(t.app);
    replay.cookies.set('sid', token);
    assert.equal((await replay.get('/en/account')).statusCode, 303);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'identity.logout'), eq(auditLog.subjectPersonId, resident.personId)));
    assert.ok(entry);
  });

  it('shows the header link for the logged-in viewer', async () => {
    const anonymous = await t.app.inject('/en');
    assert.match(anonymous.body, /href="\/en\/login">Log in</);
    const browser = await loginAs(t.app, await createResident(t.database));
    const home = await browser.get('/en');
    assert.match(home.body, /href="\/en\/account">My account/);
    assert.match(home.body, /action="\/en\/logout"/);
  });

  it('asks a logged-in viewer to step up when a page needs a higher level', async () => {
    const browser = await loginAs(t.app, await createResident(t.database));
    const res = await browser.get('/en/login?level=high&next=/en/signed-thing');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /This page needs a stronger login/);
  });

  it('shows no demo codes unless DEMO_DATA is on', async () => {
    const res = await t.app.inject('/en/login');
    assert.doesNotMatch(res.body, /Current code/);
  });
});

describe('staff second factor', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('asks staff for the TOTP code and gives roles only after it', async () => {
    const staff = await createStaff(t.database, { roles: [{ role: 'service_centre_operator' }] });
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    const first = await browser.post('/en/login', { fin: staff.fin, passcode: staff.passcode });
    assert.equal(first.headers.location, '/en/login/second-factor');
    assert.equal(browser.cookies.has('sid'), false, 'no session before the second factor');
    const page = await browser.get('/en/login/second-factor');
    assert.doesNotMatch(page.body, /otpauth:/, 'an enrolled account does not see its secret again');
    const wrong = await browser.post('/en/login/second-factor', {
      code: '000000' === staff.totp(t.clock.now()) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /4 more tries/);
    const ok = await browser.post('/en/login/second-factor', { code: staff.totp(t.clock.now()) });
    assert.equal(ok.statusCode, 303);
    assert.equal((await browser.get('/en/staff/service-centre')).statusCode, 200);
  });

  it('refuses a replayed code and ends the challenge after five wrong codes', async () => {
    const staff = await createStaff(t.database, { roles: [{ role: 'editor' }] });
    await loginAs(t.app, staff);
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    await browser.post('/en/login', { fin: staff.fin, passcode: staff.passcode });
    await browser.get('/en/login/second-factor');
    const replay = await browser.post('/en/login/second-factor', { code: staff.totp(t.clock.now()) });
    assert.equal(replay.statusCode, 401);
    for (let i = 0; i < 3; i++) await browser.post('/en/login/second-factor', { code: 'abc' });
    const last = await browser.post('/en/login/second-factor', { code: '12' });
    assert.equal(last.statusCode, 303);
    assert.equal(last.headers.location, '/en/login');
    const after = await browser.post('/en/login/second-factor', { code: staff.totp(t.clock.now()) });
    assert.equal(after.headers.location, '/en/login', 'the challenge is gone');
    const failures = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectPersonId, staff.personId), eq(auditLog.outcome, 'failure')));
    assert.equal(failures.length, 5);
  });

  it('enrols a new staff member: shows the secret once, then requires its code', async () => {
    const person = await createResident(t.database);
    const admin = await createStaff(t.database, { roles: [{ role: 'portal_admin' }] });
    const adminBrowser = await loginAs(t.app, admin);
    await adminBrowser.get('/en/admin/staff');
    const granted = await adminBrowser.post('/en/admin/staff/grants', {
      fin: person.fin,
      role: 'statistician',
      agency: '',
    });
    assert.equal(granted.statusCode, 303);
    // A session from before the grant, without a second factor, does not carry the role.
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    await browser.post('/en/login', { fin: person.fin, passcode: person.passcode });
    const page = await browser.get('/en/login/second-factor');
    const secret = /<code class="egov-code">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1]?.replace(/ /g, '');
    assert.ok(secret && secret.length === 32);
    assert.match(page.body, /otpauth:\/\/totp\//);
    const { totpCode } = await import('./totp.ts');
    const ok = await browser.post('/en/login/second-factor', { code: totpCode(secret, t.clock.now()) });
    assert.equal(ok.statusCode, 303);
    const [account] = await t.database.db
      .select()
      .from(identityAccounts)
      .where(eq(identityAccounts.id, person.accountId));
    assert.ok(account?.totpConfirmedAt);
  });

  it('gives a passcode-only session of someone who later becomes staff no roles', async () => {
    const person = await createResident(t.database);
    const browser = await loginAs(t.app, person);
    const admin = await createStaff(t.database, { roles: [{ role: 'portal_admin' }] });
    const adminBrowser = await loginAs(t.app, admin);
    await adminBrowser.get('/en/admin/staff');
    await adminBrowser.post('/en/admin/staff/grants', { fin: person.fin, role: 'portal_admin' });
    assert.equal((await browser.get('/en/admin/staff')).statusCode, 403);
  });
});
