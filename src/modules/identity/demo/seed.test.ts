import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { BrowserLike } from '../../../../test/helpers/browser-like.ts';
import { registerPeople, registerRepresentatives } from '../identity.tables.ts';
import { totpCode } from '../totp.ts';
import { DEMO_PASSCODE, DEMO_RESIDENTS, DEMO_STAFF } from './demo-accounts.ts';

describe('identity demo data (test profile)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true, env: { DEMO_DATA: 'true' } });
  });
  after(() => t.close());

  it('loads the small register cut with the hand-made demo people', async () => {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(registerPeople);
    assert.equal(row?.n, 200 + DEMO_RESIDENTS.length + DEMO_STAFF.length);
    const [aysel] = await t.database.db
      .select()
      .from(registerPeople)
      .where(eq(registerPeople.fin, '5ZK3M7A'));
    assert.equal(aysel?.firstName, 'Aysel');
    const reps = await t.database.db
      .select()
      .from(registerRepresentatives)
      .where(eq(registerRepresentatives.personId, aysel?.id ?? ''));
    assert.equal(reps.length, 2);
  });

  it('lets a demo resident log in with the documented passcode', async () => {
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    const res = await browser.post('/en/login', {
      fin: DEMO_RESIDENTS[0]?.fin as string,
      passcode: DEMO_PASSCODE,
    });
    assert.equal(res.statusCode, 303);
  });

  it('shows the demo staff codes on the login page, labelled, and they work', async () => {
    const page = await t.app.inject('/en/login');
    assert.match(page.body, /Demo data/);
    const admin = DEMO_STAFF.find((s) => s.role === 'portal_admin');
    assert.ok(admin);
    const code = totpCode(admin.totpSecret, t.clock.now());
    assert.match(page.body, new RegExp(`${admin.fin}[\\s\\S]*?${code}`));
    const browser = new BrowserLike(t.app);
    await browser.get('/en/login');
    await browser.post('/en/login', { fin: admin.fin, passcode: DEMO_PASSCODE });
    await browser.get('/en/login/second-factor');
    assert.equal((await browser.post('/en/login/second-factor', { code })).statusCode, 303);
    assert.equal((await browser.get('/en/admin/staff')).statusCode, 200);
  });

  it('refuses the demo person with an expired card', async () => {
    const expired = DEMO_RESIDENTS.find((p) => p.cardValidUntil < '2021-01-01');
    assert.ok(expired);
    const browser = new BrowserLike(t.app);
    await browser.get('/en/passcode');
    const res = await browser.post('/en/passcode', { fin: expired.fin, cardNumber: expired.cardNumber });
    assert.match(res.body, /has expired/);
  });
});
