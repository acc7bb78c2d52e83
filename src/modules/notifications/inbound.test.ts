import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { type AnswerLookup, answerInboundSms } from './inbound.service.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueMessage } from './outbox.ts';
import { signBody } from './transports.ts';

const KEY = 'test-sms-hmac-key-0123456789';

describe('inbound SMS webhook', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ env: { SMS_HMAC_KEY: KEY } });
  });
  after(async () => t.close());
  beforeEach(async () => {
    await t.database.db.delete(outbox);
    t.clock.advance(120_000); // a fresh rate-limit window per test
  });

  const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-signature': signBody(KEY, body), ...headers },
    });
  const inbound = (fields: Record<string, string>) => post('/api/v1/sms/inbound', JSON.stringify(fields));
  const rows = () => t.database.db.select().from(outbox).orderBy(outbox.id);

  it('refuses a wrong signature and saves nothing', async () => {
    const body = JSON.stringify({ from: '+994501234567', text: 'HELLO' });
    const res = await post('/api/v1/sms/inbound', body, {
      'x-signature': signBody('another-key-entirely', body),
    });
    assert.equal(res.statusCode, 401);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sms/inbound',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(missing.statusCode, 401);
    assert.equal((await rows()).length, 0);
  });

  it('refuses oversized and binary bodies without a 500', async () => {
    const big = JSON.stringify({ from: '+994501234567', text: 'x'.repeat(10_000) });
    const tooBig = await post('/api/v1/sms/inbound', big);
    assert.ok([400, 413].includes(tooBig.statusCode), `refused, not ${tooBig.statusCode}`);
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02]);
    assert.equal(
      (await post('/api/v1/sms/inbound', binary, { 'content-type': 'application/octet-stream' })).statusCode,
      400,
    );
    assert.equal((await post('/api/v1/sms/inbound', '{"from": 1')).statusCode, 400);
    assert.equal((await inbound({ from: 'not-a-phone', text: 'NET 0501234567' })).statusCode, 400);
    assert.equal((await rows()).length, 0);
  });

  it('answers an unknown keyword with help in the likely language, through the outbox', async () => {
    const res = await inbound({ from: '+994501112233', text: 'Привет', id: 'gw-1' });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(res.json(), { outcome: 'help' });
    const [row] = await rows();
    assert.deepEqual(
      [row?.channel, row?.recipient, row?.template, row?.lang],
      ['sms', '+994501112233', 'sms.help', 'ru'],
    );
    const again = await inbound({ from: '+994501112233', text: 'Привет', id: 'gw-1' });
    assert.deepEqual(again.json(), { outcome: 'duplicate' }, 'a webhook delivered twice is answered once');
    assert.equal((await rows()).length, 1);
  });

  it('accepts a form-encoded body too', async () => {
    const body = new URLSearchParams({ from: '994501112299', text: 'HELP' }).toString();
    const res = await post('/api/v1/sms/inbound', body, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.statusCode, 202);
  });

  it('rate-limits a flood from one number', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await inbound({ from: '+994509998877', text: 'X' })).statusCode);
    assert.deepEqual(statuses, [...Array(10).fill(202), 429, 429]);
    assert.equal((await rows()).length, 10, 'refused texts get no reply');
    assert.equal(
      (await inbound({ from: '+994501110000', text: 'X' })).statusCode,
      202,
      'others are not affected',
    );
    t.clock.advance(60_000);
    assert.equal(
      (await inbound({ from: '+994509998877', text: 'X' })).statusCode,
      202,
      'the window moves on',
    );
  });

  it('records delivery reports for SMS it sent', async () => {
    await enqueueMessage(
      t.database.db,
      { channel: 'sms', recipient: '+994501234567', template: 'sms.help', lang: 'az', data: {} },
      t.clock.now(),
    );
    const [row] = await rows();
    const report = (fields: Record<string, string>) => post('/api/v1/sms/delivery', JSON.stringify(fields));
    assert.equal((await report({ reference: String(row?.id), status: 'delivered' })).statusCode, 204);
    assert.equal((await rows())[0]?.deliveryStatus, 'delivered');
    assert.equal((await report({ reference: '999999', status: 'delivered' })).statusCode, 404);
    assert.equal((await report({ reference: String(row?.id), status: '<script>' })).statusCode, 400);
  });

  it('queues the answer of the lookup in the keyword language (stub lookup)', async () => {
    const calls: unknown[] = [];
    const lookup: AnswerLookup = async (_db, query) => {
      calls.push(query);
      return query.keys.applicantCode === '1234567'
        ? { found: true, text: 'Result: 612 points' }
        : { found: false, text: 'Nothing found' };
    };
    const at = t.clock.now();
    const found = await answerInboundSms(
      t.database.db,
      lookup,
      { from: '+994501234567', text: 'EXAM 1234567 654321' },
      at,
    );
    const missing = await answerInboundSms(
      t.database.db,
      lookup,
      { from: '+994501234567', text: 'экзамен 7654321 654321' },
      at,
    );
    assert.deepEqual([found, missing], ['answered', 'not_found']);
    assert.deepEqual(calls[0], {
      serviceCode: 'SSAC-0001',
      keys: { applicantCode: '1234567', secret: '654321' },
      lang: 'en',
      channel: 'sms',
      userKey: null,
      at,
      // The group's usage events are collected here and written together (none: the stub records none).
      events: [],
    });
    const [a, b] = await rows();
    assert.deepEqual([a?.template, a?.lang, a?.data], ['sms.reply', 'en', { text: 'Result: 612 points' }]);
    assert.deepEqual([b?.template, b?.lang, b?.data], ['sms.reply', 'ru', { text: 'Nothing found' }]);
  });
});
