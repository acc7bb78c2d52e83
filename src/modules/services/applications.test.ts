import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { outbox } from '../notifications/index.ts';
import { statEvents } from '../statistics/events.tables.ts';
import { MLSPP_0002 } from './demo/definitions.ts';
import { applications, saveDefinition } from './index.ts';

const VALID = {
  householdSize: '4',
  monthlyIncome: '320',
  employment: 'unemployed',
  address: 'Bakı, Nizami küçəsi 5',
  reason: 'İşsizlik',
};

describe('applications', () => {
  let t: TestApp;
  let resident: TestPerson;
  let browser: BrowserLike;
  before(async () => {
    t = await buildTestApp({ demo: true });
    resident = await createResident(t.database, { email: 'sakin@example.az' });
    browser = await loginAs(t.app, resident);
  });
  after(() => t.close());

  const mine = () =>
    t.database.db.select().from(applications).where(eq(applications.personId, resident.personId));
  const formKey = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const formVersion = (html: string) => /name="definitionVersion" value="([^"]+)"/.exec(html)?.[1] ?? '';

  async function openForm() {
    const start = await browser.get('/en/services/MLSPP-0002/start');
    assert.equal(start.statusCode, 303);
    const page = await browser.get(start.headers.location as string);
    assert.equal(page.statusCode, 200);
    return { key: formKey(page.body), version: formVersion(page.body) };
  }

  it('shows every error in the error summary, saves nothing from invalid input, never 500s', async () => {
    const { key, version } = await openForm();
    const cases: Record<string, string | string[]>[] = [
      {},
      { ...VALID, householdSize: 'four' },
      { ...VALID, address: 'x'.repeat(5000) },
      { ...VALID, reason: "'); drop table applications; --", householdSize: '999' },
      { ...VALID, address: ['a', 'b'] },
    ];
    for (const form of cases) {
      const res = await browser.post('/en/services/MLSPP-0002/apply', {
        ...form,
        submissionKey: key,
        definitionVersion: version,
        action: 'continue',
      });
      assert.equal(res.statusCode, 400, JSON.stringify(form).slice(0, 80));
      assert.match(res.body, /govuk-error-summary/);
    }
    const empty = await browser.post('/ru/services/MLSPP-0002/apply', {
      submissionKey: key,
      definitionVersion: version,
    });
    assert.match(empty.body, /Ответьте на вопрос «Число членов семьи»/);
    const script = await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      householdSize: '0',
      address: '<script>alert(1)</script>',
      submissionKey: key,
      definitionVersion: version,
    });
    assert.doesNotMatch(script.body, /<script>alert\(1\)/);
    assert.equal((await mine()).length, 0);
  });

  it('refuses a tampered submission key and a form of an older definition', async () => {
    const { version } = await openForm();
    const tampered = await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      submissionKey: '../../x',
      definitionVersion: version,
    });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /The form was changed outside this page/);
    const { key } = await openForm();
    const old = await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      submissionKey: key,
      definitionVersion: '0',
    });
    assert.equal(old.statusCode, 400);
    assert.match(old.body, /The form of this service has changed/);
    assert.equal((await mine()).length, 0);
  });

  it('submits once when the button is pressed twice: one application, one use, one audit entry, one message', async () => {
    const { key, version } = await openForm();
    const saved = await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      unexpected: 'ignored',
      submissionKey: key,
      definitionVersion: version,
    });
    assert.equal(saved.statusCode, 303);
    const check = await browser.get(saved.headers.location as string);
    assert.match(check.body, /Check your answers/);
    assert.match(check.body, /Unemployed/);
    const first = await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: key });
    const second = await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: key });
    assert.equal(first.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location?.replace('', ''));
    const rows = await mine();
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.equal(row?.status, 'submitted');
    assert.match(row?.number ?? '', /^MLSPP-0002-\d{8}-[0-9A-F]{8}$/);
    assert.equal('unexpected' in (row?.data ?? {}), false);
    const uses = await t.database.db
      .select()
      .from(statEvents)
      .where(eq(statEvents.dedupeKey, `application:${row?.id}`));
    assert.equal(uses.length, 1);
    assert.equal(uses[0]?.channel, 'web');
    assert.notEqual(uses[0]?.userKey, resident.fin);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'application.submit'), eq(auditLog.subjectId, row?.id ?? '')));
    assert.equal(audits.length, 1);
    const messages = await t.database.db.select().from(outbox).where(eq(outbox.personId, resident.personId));
    // One per channel the resident chose (both, until they choose), each with a link to the application.
    const submitted = messages.filter((m) => m.template === 'application.submitted');
    assert.deepEqual(submitted.map((m) => m.channel).sort(), ['email', 'sms']);
    assert.equal(submitted[0]?.data.link, `/en/account/applications/${row?.id}`);
    const receipt = await browser.get(first.headers.location as string);
    assert.match(receipt.body, /Application sent/);
    assert.ok(receipt.body.includes(row?.number ?? '?'));
  });

  it('keeps a draft to come back to, and asks again when the definition changed before submission', async () => {
    const { key, version } = await openForm();
    const saved = await browser.post('/en/services/MLSPP-0002/apply', {
      householdSize: '2',
      submissionKey: key,
      definitionVersion: version,
      action: 'save',
    });
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /Your answers have been saved/);
    const back = await browser.get(`/en/services/MLSPP-0002/apply?key=${key}`);
    assert.match(back.body, /name="householdSize" type="text" value="2"/);
    await browser.post('/en/services/MLSPP-0002/apply', {
      ...VALID,
      submissionKey: key,
      definitionVersion: version,
    });
    await saveDefinition(
      t.database.db,
      { code: 'MLSPP-0002', agencyCode: 'MLSPP', definition: MLSPP_0002 },
      t.clock.now(),
    );
    const stale = await browser.post('/en/services/MLSPP-0002/submit', { submissionKey: key });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /The form of this service has changed/);
    const draft = (await mine()).find((r) => r.submissionKey === key);
    assert.equal(draft?.status, 'draft');
  });

  it('hides one resident’s application from another (404)', async () => {
    const [row] = (await mine()).filter((r) => r.status === 'submitted');
    const other = await createResident(t.database);
    const otherBrowser = await loginAs(t.app, other);
    assert.equal((await otherBrowser.get(`/en/account/applications/${row?.id}`)).statusCode, 404);
    assert.equal((await otherBrowser.get('/en/account/applications/not-a-uuid')).statusCode, 404);
    assert.equal((await browser.get(`/en/account/applications/${row?.id}`)).statusCode, 200);
    const list = await browser.get('/en/account/applications');
    assert.ok(list.body.includes(row?.number ?? '?'));
  });

  it('submits over the JSON API idempotently by submission key', async () => {
    const page = await browser.get('/en/services/SSAC-0002/apply');
    const csrf = browser.lastCsrf ?? '';
    const payload = {
      submissionKey: 'api-key-0000000000001',
      lang: 'en',
      data: { examGroup: 'II', examLanguage: 'az', city: 'Bakı', triedBefore: 'yes', previousYear: 2025 },
    };
    const send = () =>
      browser.request({
        method: 'POST',
        url: '/api/v1/services/SSAC-0002/applications',
        payload,
        headers: { 'x-csrf-token': csrf },
      });
    assert.equal(page.statusCode, 200);
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    const again = await send();
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().number, first.json().number);
    const missing = await browser.request({
      method: 'POST',
      url: '/api/v1/services/SSAC-0002/applications',
      payload: {
        ...payload,
        submissionKey: 'api-key-0000000000002',
        data: { examGroup: 'II', examLanguage: 'az', city: 'Bakı', triedBefore: 'yes' },
      },
      headers: { 'x-csrf-token': csrf },
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /previousYear/);
  });
});
