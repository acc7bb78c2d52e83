import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { statEvents } from '../statistics/events.tables.ts';
import { demoSecret } from './demo/datasets.ts';
import { answerLookup } from './index.ts';

describe('registry lookups', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  const uses = async (code: string, channel: string) =>
    (
      await t.database.db
        .select()
        .from(statEvents)
        .where(and(eq(statEvents.serviceCode, code), eq(statEvents.channel, channel)))
    ).length;

  it('answers the exam results over the JSON API and counts one use on the api channel', async () => {
    const before = await uses('SSAC-0001', 'api');
    const res = await t.app.inject(
      `/api/v1/services/SSAC-0001/lookup?applicantCode=1000001&secret=${demoSecret(1)}&lang=en`,
    );
    assert.equal(res.statusCode, 200);
    const body = res.json() as { found: boolean; text: string };
    assert.equal(body.found, true);
    assert.match(body.text, /^Result of applicant 1000001: \d+(\.\d)? points/);
    assert.equal(await uses('SSAC-0001', 'api'), before + 1);
  });

  it('says "not found" for a wrong secret and counts it as answered', async () => {
    const res = await t.app.inject(
      '/api/v1/services/SSAC-0001/lookup?applicantCode=1000001&secret=000000&lang=ru',
    );
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      found: false,
      text: 'Результат с таким кодом абитуриента и секретным номером не найден. Проверьте цифры.',
    });
  });

  it('rejects malformed keys with 400 and no use counted, and an unknown service with 404', async () => {
    const before = await uses('SSAC-0001', 'api');
    const bad = await t.app.inject("/api/v1/services/SSAC-0001/lookup?applicantCode=1'%20or%201=1&secret=1");
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /applicantCode/);
    assert.equal(await uses('SSAC-0001', 'api'), before);
    assert.equal((await t.app.inject('/api/v1/services/NOPE-0001/lookup?x=1')).statusCode, 404);
    assert.equal((await t.app.inject('/api/v1/services/MLSPP-0002/lookup?x=1')).statusCode, 404);
  });

  it('shows the lookup page in the user language with the error summary for bad input', async () => {
    const start = await t.app.inject('/az/services/MCHT-0001/start');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Telefon nömrəsi/);
    const bad = await t.app.inject('/az/services/MCHT-0001/lookup?phone=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /Telefon nömrəsini 9 rəqəmlə daxil edin/);
    assert.doesNotMatch(bad.body, /<script>alert/);
    const found = await t.app.inject(
      '/en/services/MCHT-0001/lookup?phone=500000000'.replace('500000000', '502000000'),
    );
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Number 502000000 moved to (Azercell|Bakcell|Nar) on \d{4}-\d{2}-\d{2}\./);
  });

  it('answers the SMS channel through answerLookup and records the use with channel sms and no user key', async () => {
    const before = await uses('SSAC-0001', 'sms');
    const answer = await answerLookup(t.database.db, {
      serviceCode: 'SSAC-0001',
      keys: { applicantCode: '1000002', secret: demoSecret(2) },
      lang: 'az',
      channel: 'sms',
      userKey: null,
      at: t.clock.now(),
    });
    assert.equal(answer.found, true);
    assert.match(answer.text, /1000002 nömrəli abituriyentin nəticəsi/);
    assert.equal(await uses('SSAC-0001', 'sms'), before + 1);
    const invalid = await answerLookup(t.database.db, {
      serviceCode: 'SSAC-0001',
      keys: { applicantCode: 'x' },
      lang: 'en',
      channel: 'sms',
      userKey: null,
      at: t.clock.now(),
    });
    assert.equal(invalid.found, false);
    assert.match(invalid.text, /Enter the applicant code as 7 digits/);
  });

  it('lets every catalogue entry start: generated lookups and applications, notes for the rest', async () => {
    const codes = (await t.app.inject('/api/v1/services?limit=100')).json() as { items?: { code: string }[] };
    const sample = (codes.items ?? []).slice(0, 30);
    assert.ok(sample.length > 0);
    for (const { code } of sample) {
      const res = await t.app.inject(`/en/services/${code}/start`);
      assert.ok([200, 303].includes(res.statusCode), `${code}: ${res.statusCode}`);
    }
  });
});
