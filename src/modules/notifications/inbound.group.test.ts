import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { like, sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { type AnswerLookup, answerInboundGroup, type TimedSms } from './inbound.service.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueMessage } from './outbox.ts';
import { signBody } from './transports.ts';

const KEY = 'test-sms-hmac-key-0123456789';

// Texts that arrive together share one transaction; each must still be answered, counted and deduplicated alone.
describe('inbound SMS answered in groups', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ env: { SMS_HMAC_KEY: KEY } });
  });
  after(async () => t.close());
  beforeEach(async () => {
    await t.database.db.delete(outbox);
  });

  const replies = () =>
    t.database.db.select().from(outbox).where(like(outbox.dedupeKey, 'sms-in:%')).orderBy(outbox.dedupeKey);
  const exam = (code: string, id: string): TimedSms => ({
    sms: { from: '+994501234567', text: `EXAM ${code} 654321`, gatewayId: id },
    at: t.clock.now(),
  });

  /** Leaves a row of its own in the transaction (as the runtime's usage event would), then answers or fails. */
  const lookup: AnswerLookup = async (db, query) => {
    const code = query.keys.applicantCode ?? '';
    await enqueueMessage(
      db,
      { channel: 'email', recipient: 'side@example.az', template: 'sms.help', lang: 'en', data: {} },
      query.at,
    );
    if (code === '2222222') throw new Error('the registry is broken for this one');
    if (code === '3333333') await db.execute(sql`select 1 / 0`); // aborts the transaction on the server
    return { found: true, text: `Result of ${code}` };
  };
  const sideRows = async () =>
    (await t.database.db.select().from(outbox).where(like(outbox.recipient, 'side@%'))).length;

  it('answers every text of a group once, and a repeated gateway id in the same group once', async () => {
    const texts = [exam('1000001', 'a'), exam('1000002', 'b'), exam('1000001', 'a'), exam('1000003', 'c')];
    const results = await answerInboundGroup(t.database.db, lookup, texts);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : 'failed')),
      ['answered', 'answered', 'duplicate', 'answered'],
    );
    const rows = await replies();
    assert.deepEqual(
      rows.map((r) => [r.dedupeKey, r.data.text]),
      [
        ['sms-in:a', 'Result of 1000001'],
        ['sms-in:b', 'Result of 1000002'],
        ['sms-in:c', 'Result of 1000003'],
      ],
    );
    assert.equal(await sideRows(), 3, 'the duplicate did not look up (or count) again');
  });

  it('calls a text whose reply was queued earlier a duplicate', async () => {
    await answerInboundGroup(t.database.db, lookup, [exam('1000001', 'a')]);
    const results = await answerInboundGroup(t.database.db, lookup, [
      exam('1000001', 'a'),
      exam('1000002', 'b'),
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : 'failed')),
      ['duplicate', 'answered'],
    );
    assert.equal((await replies()).length, 2);
  });

  for (const [how, code] of [
    ['throws', '2222222'],
    ['breaks the transaction', '3333333'],
  ] as const)
    it(`keeps the other texts of a group when one text's lookup ${how}`, async () => {
      const texts = [exam('1000001', 'a'), exam(code, 'bad'), exam('1000003', 'c')];
      const results = await answerInboundGroup(t.database.db, lookup, texts);
      assert.deepEqual(
        results.map((r) => r.ok),
        [true, false, true],
      );
      assert.deepEqual(
        (await replies()).map((r) => r.dedupeKey),
        ['sms-in:a', 'sms-in:c'],
      );
      assert.equal(await sideRows(), 2, "the failed text's own writes were rolled back, the others' kept");
    });

  it('answers many concurrent webhooks once each, with one reply each', async () => {
    const post = (fields: Record<string, string>) => {
      const payload = JSON.stringify(fields);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/sms/inbound',
        payload,
        headers: { 'content-type': 'application/json', 'x-signature': signBody(KEY, payload) },
      });
    };
    const texts = Array.from({ length: 40 }, (_, i) => ({
      from: `+9945010${String(i).padStart(5, '0')}`,
      text: 'HELLO',
      id: `gw-${i % 30}`, // ten of them are re-deliveries of another
    }));
    const responses = await Promise.all(texts.map(post));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      Array(40).fill(202),
    );
    const outcomes = responses.map((r) => (r.json() as { outcome: string }).outcome);
    assert.equal(outcomes.filter((o) => o === 'help').length, 30);
    assert.equal(outcomes.filter((o) => o === 'duplicate').length, 10);
    const rows = await replies();
    assert.equal(rows.length, 30);
    assert.equal(new Set(rows.map((r) => r.dedupeKey)).size, 30, 'one reply per gateway id');
  });
});
