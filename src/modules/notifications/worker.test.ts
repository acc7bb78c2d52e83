import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { SmtpSink } from '../../../test/helpers/smtp-sink.ts';
import { ManualClock } from '../../platform/clock.ts';
import { claimDue } from './outbox.repository.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueMessage, type OutgoingMessage } from './outbox.ts';
import { emailTransport, signBody, smsTransport } from './transports.ts';
import { createOutboxWorker, retryDelay, type WorkerOptions } from './worker.ts';

const email = (n: number, lang: OutgoingMessage['lang'] = 'en'): OutgoingMessage => ({
  channel: 'email',
  recipient: `resident${n}@example.az`,
  template: 'application.status',
  lang,
  data: { reference: `APP-${n}`, status: 'approved', link: 'https://egov.example/en/applications' },
  dedupeKey: `test:${n}`,
});

describe('notifications outbox worker', () => {
  let testDb: TestDatabase;
  let database: TestDatabase['database'];
  const sink = new SmtpSink();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));

  function worker(extra: Partial<WorkerOptions> = {}) {
    const settings = {
      smtpUrl: sink.url,
      mailFrom: 'Portal <no-reply@egov.test>',
      smsHmacKey: 'k'.repeat(32),
      messageIdHost: 'egov.test',
    };
    return createOutboxWorker({
      db: database.db,
      clock,
      transports: { email: emailTransport(settings), sms: smsTransport(settings) },
      baseDelayMs: 1000,
      maxAttempts: 3,
      ...extra,
    });
  }

  const rows = () => database.db.select().from(outbox).orderBy(outbox.id);

  before(async () => {
    testDb = await createTestDatabase();
    database = testDb.database;
    await sink.start();
  });
  after(async () => {
    await sink.stop();
    await testDb.drop();
  });
  beforeEach(async () => {
    await database.db.delete(outbox);
    sink.received.length = 0;
  });

  it('sends each message once, in its language, with text, HTML and a stable Message-ID', async () => {
    const w = worker();
    await enqueueMessage(database.db, email(1, 'en'), clock.now());
    await enqueueMessage(database.db, email(2, 'az'), clock.now());
    await enqueueMessage(database.db, email(3, 'ru'), clock.now());
    await enqueueMessage(database.db, email(3, 'ru'), clock.now()); // same dedupe key: no second row
    assert.deepEqual(await w.drain(), { claimed: 3, sent: 3, failed: 0 });
    assert.equal((await w.runOnce()).claimed, 0, 'nothing is sent twice');
    await w.stop();
    assert.equal(sink.received.length, 3);
    const english = sink.received.find((m) => m.to[0] === 'resident1@example.az');
    assert.match(english?.raw ?? '', /Subject: Your application APP-1 has a new status/);
    assert.match(english?.raw ?? '', /Content-Type: text\/plain/);
    assert.match(english?.raw ?? '', /Content-Type: text\/html/);
    assert.match(english?.raw ?? '', /Message-ID: <outbox-\d+@egov\.test>/);
    const russian = sink.received.find((m) => m.to[0] === 'resident3@example.az');
    assert.match(russian?.raw ?? '', /Subject: =\?UTF-8\?/, 'a Cyrillic subject is MIME-encoded');
    assert.deepEqual(
      (await rows()).map((r) => [r.status, r.transport, r.attempts]),
      [
        ['sent', 'smtp', 1],
        ['sent', 'smtp', 1],
        ['sent', 'smtp', 1],
      ],
    );
  });

  it('keeps messages while the SMTP server is down and sends them once when it returns', async () => {
    await sink.stop();
    const w = worker();
    for (let n = 1; n <= 5; n++) await enqueueMessage(database.db, email(n), clock.now());
    assert.deepEqual(await w.runOnce(), { claimed: 5, sent: 0, failed: 5 });
    const waiting = await rows();
    assert.ok(waiting.every((r) => r.status === 'pending' && r.lastError));
    assert.equal(waiting[0]?.nextAttemptAt.getTime(), clock.now().getTime() + 1000, 'first back-off');
    assert.equal((await w.runOnce()).claimed, 0, 'not retried before its time');
    await sink.start();
    clock.advance(1000);
    assert.deepEqual(await w.drain(), { claimed: 5, sent: 5, failed: 0 });
    await w.stop();
    assert.equal(sink.received.length, 5);
    assert.equal(new Set(sink.received.map((m) => m.to[0])).size, 5, 'none doubled');
  });

  it('turns a message into a dead letter after the last try', async () => {
    await sink.stop();
    const w = worker();
    await enqueueMessage(database.db, email(9), clock.now());
    for (let i = 0; i < 3; i++) {
      await w.runOnce();
      clock.advance(retryDelay(i + 1, 1000, 3_600_000));
    }
    await w.stop();
    await sink.start();
    const [row] = await rows();
    assert.equal(row?.status, 'dead');
    assert.equal(row?.attempts, 3);
  });

  it('retries a row stuck in sending once its lease has run out (a worker died mid-send)', async () => {
    await enqueueMessage(database.db, email(7), clock.now());
    const now = clock.now();
    const claimed = await claimDue(database.db, {
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
      limit: 10,
      maxAttempts: 3,
    });
    assert.equal(claimed.length, 1);
    const w = worker({ leaseMs: 60_000 });
    assert.equal((await w.runOnce()).claimed, 0, 'leased to the dead worker');
    clock.advance(60_000);
    assert.equal((await w.runOnce()).sent, 1);
    await w.stop();
    const [row] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, claimed[0]?.id as number));
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 2);
    assert.equal(sink.received.length, 1);
  });

  it('dead-letters a message whose template is unknown without trying forever', async () => {
    const w = worker({ maxAttempts: 1 });
    await enqueueMessage(database.db, { ...email(5), template: 'no.such' }, clock.now());
    assert.equal((await w.runOnce()).failed, 1);
    await w.stop();
    const [row] = await rows();
    assert.equal(row?.status, 'dead');
    assert.match(row?.lastError ?? '', /unknown template/);
  });

  it('doubles the delay between tries up to a cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 10].map((a) => retryDelay(a, 1000, 5000)),
      [1000, 2000, 4000, 5000, 5000],
    );
  });

  it('sends SMS to the HTTP gateway, signed, and retries when the gateway fails', async () => {
    const key = 'gateway-key-0123456789abcdef';
    const received: { body: string; signature: unknown }[] = [];
    let failNext = true;
    const gateway = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (failNext) {
          failNext = false;
          response.writeHead(503).end();
          return;
        }
        received.push({ body, signature: request.headers['x-signature'] });
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const settings = {
      mailFrom: 'x@egov.test',
      smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
      smsHmacKey: key,
      messageIdHost: 'egov.test',
    };
    const w = createOutboxWorker({
      db: database.db,
      clock,
      transports: { email: emailTransport(settings), sms: smsTransport(settings) },
      baseDelayMs: 1000,
    });
    await enqueueMessage(
      database.db,
      {
        channel: 'sms',
        recipient: '+994501234567',
        template: 'passcode.code',
        lang: 'az',
        data: { code: '424242', minutes: 10 },
      },
      clock.now(),
    );
    assert.deepEqual(await w.runOnce(), { claimed: 1, sent: 0, failed: 1 });
    clock.advance(1000);
    assert.deepEqual(await w.runOnce(), { claimed: 1, sent: 1, failed: 0 });
    await w.stop();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
    assert.equal(received.length, 1);
    const [first] = received;
    assert.equal(first?.signature, signBody(key, first?.body ?? ''));
    const sent = JSON.parse(first?.body ?? '{}') as { to: string; text: string; reference: string };
    assert.equal(sent.to, '+994501234567');
    assert.match(sent.text, /kodunuz 424242\. 10 dəqiqə/);
    const [row] = await rows();
    assert.deepEqual([row?.status, row?.transport, String(row?.id)], ['sent', 'gateway', sent.reference]);
  });

  it('lets two workers drain one outbox together without sending anything twice', async () => {
    for (let n = 100; n < 160; n++) await enqueueMessage(database.db, email(n), clock.now());
    const a = worker({ batchSize: 7 });
    const b = worker({ batchSize: 7 });
    const [ra, rb] = await Promise.all([a.drain(2), b.drain(2)]);
    await Promise.all([a.stop(), b.stop()]);
    assert.equal((ra?.sent ?? 0) + (rb?.sent ?? 0), 60);
    assert.equal(sink.received.length, 60);
    assert.equal(new Set(sink.received.map((m) => m.to[0])).size, 60, 'each message once');
  });
});
