import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { statEvents } from '../../platform/db/schema.ts';
import { outbox } from './outbox.tables.ts';
import { signBody } from './transports.ts';

const KEY = 'test-sms-hmac-key-0123456789';

// Through the whole portal with the demo registries: the e-service runtime answers, the usage event says 'sms'.
describe('inbound SMS answered by the e-service runtime', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true, env: { SMS_HMAC_KEY: KEY } });
  });
  after(async () => t.close());

  async function text(from: string, body: string) {
    const payload = JSON.stringify({ from, text: body });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sms/inbound',
      payload,
      headers: { 'content-type': 'application/json', 'x-signature': signBody(KEY, payload) },
    });
    assert.equal(res.statusCode, 202);
    const [reply] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, from))
      .orderBy(outbox.id);
    return { outcome: (res.json() as { outcome: string }).outcome, reply };
  }

  const smsUses = async (serviceCode: string) =>
    (
      await t.database.db
        .select()
        .from(statEvents)
        .where(and(eq(statEvents.serviceCode, serviceCode), eq(statEvents.channel, 'sms')))
    ).length;

  it('answers exam results in Azerbaijani for TEST and counts an SMS use', async () => {
    const before = await smsUses('SSAC-0001');
    const { outcome, reply } = await text('+994501000101', 'TEST 1000001 231376');
    assert.equal(outcome, 'answered');
    assert.deepEqual([reply?.template, reply?.lang], ['sms.reply', 'az']);
    assert.match(String(reply?.data.text), /1000001 nömrəli abituriyentin nəticəsi/);
    assert.equal(await smsUses('SSAC-0001'), before + 1);
  });

  it('answers number portability in English for NUMBER, with the number normalised', async () => {
    const { outcome, reply } = await text('+994501000102', 'number +994502000000');
    assert.equal(outcome, 'answered');
    assert.equal(reply?.lang, 'en');
    assert.match(String(reply?.data.text), /Number 502000000 moved to/);
  });

  it('says "not found" in the keyword language when the registry has no such record', async () => {
    const { outcome, reply } = await text('+994501000103', 'ЭКЗАМЕН 1000001 111111');
    assert.equal(outcome, 'not_found');
    assert.equal(reply?.lang, 'ru');
    assert.match(String(reply?.data.text), /не найден/);
  });
});
