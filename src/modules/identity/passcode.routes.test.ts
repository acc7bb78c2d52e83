import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs, type TestStaff } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { outbox, renderMessage } from '../notifications/index.ts';
import { statEvents } from '../statistics/events.tables.ts';
import { recentSms } from './activation.repository.ts';

const NEW_PASSCODE = 'Yeni-bahar-sahil-7';

async function requestSms(t: TestApp, fin: string, cardNumber: string) {
  const browser = new BrowserLike(t.app);
  await browser.get('/en/passcode');
  const res = await browser.post('/en/passcode', { fin, cardNumber });
  return { browser, res };
}

async function smsCode(t: TestApp, phone: string): Promise<string> {
  const [message] = await recentSms(t.database.db, t.clock.now(), phone);
  const code = /(\d{6})/.exec(message?.body ?? '')?.[1];
  assert.ok(code, 'an SMS with a code is in the outbox');
  return code;
}

async function activate(t: TestApp, form: Record<string, string>) {
  const browser = new BrowserLike(t.app);
  await browser.get('/en/passcode/activate');
  return browser.post('/en/passcode/activate', { passcode: NEW_PASSCODE, confirm: NEW_PASSCODE, ...form });
}

async function auditCount(t: TestApp, personId: string | null, action: string): Promise<number> {
  const rows = await t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), personId ? eq(auditLog.subjectPersonId, personId) : undefined));
  return rows.length;
}

describe('getting a passcode online (SMS)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.clock.advance(2 * 60 * 60 * 1000));

  it('sends a code to the registered phone and sets the passcode with it, counted once', async () => {
    const person = await createResident(t.database, { account: false });
    const { res } = await requestSms(t, person.fin, person.cardNumber.toLowerCase());
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`ending in ${person.phone.slice(-2)}`));
    assert.doesNotMatch(res.body, new RegExp(person.phone.slice(4)), 'the full number is not shown');
    const code = await smsCode(t, person.phone);
    const done = await activate(t, { fin: person.fin, code });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Your passcode is ready/);
    const events = await t.database.db
      .select()
      .from(statEvents)
      .where(eq(statEvents.type, 'passcode_issued'));
    assert.equal(events.length, 1);
    assert.doesNotMatch(JSON.stringify(events), new RegExp(person.personId));
    assert.equal(await auditCount(t, person.personId, 'identity.passcode_issued'), 1);
    const browser = await loginAs(t.app, { ...person, passcode: NEW_PASSCODE });
    assert.equal((await browser.get('/en/account')).statusCode, 200);
  });

  it('refuses a replayed, an expired and a guessed code; each attempt is audited', async () => {
    const person = await createResident(t.database, { account: false });
    await requestSms(t, person.fin, person.cardNumber);
    const code = await smsCode(t, person.phone);
    assert.equal((await activate(t, { fin: person.fin, code })).statusCode, 200);
    const replay = await activate(t, { fin: person.fin, code });
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /The code is not valid/);

    await requestSms(t, person.fin, person.cardNumber);
    const late = await smsCode(t, person.phone);
    t.clock.advance(11 * 60_000);
    assert.equal((await activate(t, { fin: person.fin, code: late })).statusCode, 400);

    await requestSms(t, person.fin, person.cardNumber);
    const fresh = await smsCode(t, person.phone);
    for (let i = 0; i < 5; i++)
      await activate(t, { fin: person.fin, code: fresh === '000000' ? '111111' : '000000' });
    const spent = await activate(t, { fin: person.fin, code: fresh });
    assert.equal(spent.statusCode, 400, 'five wrong guesses spend the code');
    assert.equal(await auditCount(t, person.personId, 'identity.passcode_set'), 8);
  });

  it('rejects malformed, unknown, mismatched and expired cards without saying more than needed', async () => {
    const person = await createResident(t.database, { account: false });
    const expired = await createResident(t.database, { account: false, cardValidUntil: '2020-01-01' });
    const auditedBefore = await auditCount(t, null, 'identity.sms_code_sent');
    const cases: [string, string, RegExp][] = [
      ['12', person.cardNumber, /FIN of 7 letters and digits/],
      [person.fin, 'AZE123', /like AZE12345678/],
      ['ZZZZZZ1', person.cardNumber, /do not match our records/],
      [person.fin, 'AZE00000000', /do not match our records/],
      [expired.fin, expired.cardNumber, /has expired/],
    ];
    for (const [fin, card, message] of cases) {
      const { res } = await requestSms(t, fin, card);
      assert.equal(res.statusCode, 400, `${fin} ${card}`);
      assert.match(res.body, message);
    }
    assert.equal((await recentSms(t.database.db, t.clock.now(), person.phone)).length, 0);
    assert.equal(await auditCount(t, expired.personId, 'identity.sms_code_sent'), 1);
    assert.equal(await auditCount(t, null, 'identity.sms_code_sent'), auditedBefore + 5);
  });

  it('limits SMS per person and requests per address', async () => {
    const person = await createResident(t.database, { account: false });
    for (let i = 0; i < 3; i++)
      assert.equal((await requestSms(t, person.fin, person.cardNumber)).res.statusCode, 200);
    const fourth = await requestSms(t, person.fin, person.cardNumber);
    assert.equal(fourth.res.statusCode, 429);
    assert.equal((await recentSms(t.database.db, t.clock.now(), person.phone)).length, 3);
    for (let i = 0; i < 6; i++) await requestSms(t, 'ZZZZZZ1', 'AZE00000000');
    const blocked = await requestSms(t, 'ZZZZZZ1', 'AZE00000000');
    assert.equal(blocked.res.statusCode, 429);
  });

  it('checks the passcode rules before spending the code', async () => {
    const person = await createResident(t.database, { account: false, birthDate: '1988-07-21' });
    await requestSms(t, person.fin, person.cardNumber);
    const code = await smsCode(t, person.phone);
    const rules: [string, RegExp][] = [
      ['short', /at least 8 characters/],
      ['password123', /too common/],
      [`${person.fin}-abc-xyz`, /must not contain your FIN/],
      ['born-21071988', /date of birth/],
    ];
    for (const [passcode, message] of rules) {
      const res = await activate(t, { fin: person.fin, code, passcode, confirm: passcode });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, message);
    }
    const mismatch = await activate(t, { fin: person.fin, code, confirm: 'something-else-1' });
    assert.match(mismatch.body, /do not match/);
    assert.equal((await activate(t, { fin: person.fin, code })).statusCode, 200, 'the code still works');
  });

  it('keeps codes only in the outbox, never in the audit log', async () => {
    // Every code sent in this suite, however far the test clock has moved since.
    const rows = (await t.database.db.select().from(outbox).where(eq(outbox.template, 'passcode.code'))).map(
      (row) => ({ body: renderMessage(row.template, row.lang as 'az', row.data).text }),
    );
    assert.ok(rows.length > 5);
    const entries = await t.database.db.select().from(auditLog);
    const audit = JSON.stringify(entries.map(({ hash: _h, prevHash: _p, ...rest }) => rest));
    for (const row of rows) {
      const code = /(\d{6})/.exec(row.body)?.[1];
      assert.ok(code, 'each SMS carries its code');
      assert.ok(
        !audit.includes(`"${code}`) && !audit.includes(`${code}"`),
        `code ${code} is in the audit log`,
      );
    }
  });
});

describe('passcode at a service centre', () => {
  let t: TestApp;
  let operator: TestStaff;
  let operatorBrowser: BrowserLike;
  before(async () => {
    t = await buildTestApp();
    operator = await createStaff(t.database, { roles: [{ role: 'service_centre_operator' }] });
    operatorBrowser = await loginAs(t.app, operator);
    await operatorBrowser.get('/en/staff/service-centre');
  });
  after(() => t.close());

  async function issue(fin: string, cardNumber: string, checked = 'yes') {
    await operatorBrowser.get('/en/staff/service-centre');
    return operatorBrowser.post('/en/staff/service-centre', { fin, cardNumber, checked });
  }

  it('issues a one-time activation code after the in-person check; the resident sees who did it', async () => {
    const person = await createResident(t.database, { account: false });
    const unchecked = await issue(person.fin, person.cardNumber, '');
    assert.equal(unchecked.statusCode, 400);
    assert.match(unchecked.body, /checked the identity card in person/);
    const res = await issue(person.fin, person.cardNumber);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const code = /<span class="egov-code">([A-Z0-9-]+)<\/span>/.exec(res.body)?.[1];
    assert.match(code ?? '', /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(
      (await activate(t, { fin: person.fin, code: (code as string).toLowerCase().replace('-', ' ') }))
        .statusCode,
      200,
    );
    assert.equal((await activate(t, { fin: person.fin, code: code as string })).statusCode, 400, 'used once');
    const browser = await loginAs(t.app, { ...person, passcode: NEW_PASSCODE });
    const access = await browser.get('/en/account/access');
    assert.match(access.body, new RegExp(operator.lastName));
    assert.match(access.body, /Service centre operator/);
    assert.match(access.body, /Identity card checked in person to issue a passcode/);
  });

  it('expires centre codes after 72 hours', async () => {
    const person = await createResident(t.database, { account: false });
    const res = await issue(person.fin, person.cardNumber);
    const code = /<span class="egov-code">([A-Z0-9-]+)<\/span>/.exec(res.body)?.[1] as string;
    t.clock.advance(72 * 3600_000 + 1000);
    assert.equal((await activate(t, { fin: person.fin, code })).statusCode, 400);
    operatorBrowser = await loginAs(t.app, operator);
  });

  it('resets a passcode: ends every session, audits a reset, does not count a new holder', async () => {
    const resident = await createResident(t.database);
    const session = await loginAs(t.app, resident);
    const res = await issue(resident.fin, resident.cardNumber);
    const code = /<span class="egov-code">([A-Z0-9-]+)<\/span>/.exec(res.body)?.[1] as string;
    const eventsBefore = await t.database.db.select().from(statEvents);
    const done = await activate(t, { fin: resident.fin, code });
    assert.match(done.body, /has been reset/);
    assert.equal((await session.get('/en/account')).statusCode, 303, 'old sessions ended');
    assert.equal((await t.database.db.select().from(statEvents)).length, eventsBefore.length);
    assert.equal(await auditCount(t, resident.personId, 'identity.passcode_reset'), 1);
    await loginAs(t.app, { ...resident, passcode: NEW_PASSCODE });
  });

  it('refuses expired cards and unknown people, and audits them with the operator', async () => {
    const expired = await createResident(t.database, { account: false, cardValidUntil: '2019-05-05' });
    const old = await issue(expired.fin, expired.cardNumber);
    assert.equal(old.statusCode, 400);
    assert.match(old.body, /has expired/);
    const unknown = await issue('QQQQQQ1', 'AA7654321');
    assert.equal(unknown.statusCode, 400);
    const failures = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorAccountId, operator.accountId), eq(auditLog.outcome, 'failure')));
    assert.equal(failures.length, 2);
  });
});
