import { type ChildProcess, fork } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import nodemailer from 'nodemailer';
import { emailTransport, type Transport } from '../src/modules/notifications/index.ts';
import { outbox } from '../src/modules/notifications/outbox.tables.ts';
import { createOutboxWorker } from '../src/modules/notifications/worker.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { SmtpSink } from '../test/helpers/smtp-sink.ts';
import { createBenchDatabase, type Measurement, measure, report, startServer } from './lib.ts';

// bench:notifications — on PostgreSQL, two figures, each against a baseline of the same run:
// 1. emails through the outbox (claim batch -> pooled SMTP -> mark sent) to a local SMTP sink, against the same
//    number of emails sent straight with nodemailer's pooled transport (no outbox). Goal: >= 1,000 messages/s.
// 2. inbound SMS answered by the real server (HMAC check, parse, lookup, usage event, reply queued), against
//    /healthz. Goal: >= 2,000 texts/s.
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const SMS_KEY = 'bench-sms-hmac-key-0123456789';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0);
};

/** Records each send's latency so p50/p99 describe messages, not passes. */
function timed(transport: Transport, latencies: number[]): Transport {
  return {
    ...transport,
    async send(envelope) {
      const start = performance.now();
      await transport.send(envelope);
      latencies.push(performance.now() - start);
    },
  };
}

async function rawSmtp(sink: RemoteSink): Promise<Measurement> {
  const mailer = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
  });
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, MESSAGES - i) }, async (_, j) => {
        const t0 = performance.now();
        await mailer.sendMail({
          from: 'bench@egov.test',
          to: `r${i + j}@example.az`,
          subject: 'Bench',
          text: 'Bench',
          html: '<p>Bench</p>',
        });
        latencies.push(performance.now() - t0);
      }),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  mailer.close();
  return {
    name: 'nodemailer pooled, no outbox (baseline)',
    requestsPerSecond: Math.round(MESSAGES / seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: 0,
    non2xx: 0,
  };
}

async function throughOutbox(url: string, sink: RemoteSink): Promise<Measurement> {
  const database = await openDatabase({ databaseUrl: url });
  await migrate(database);
  const at = new Date();
  for (let i = 0; i < MESSAGES; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, MESSAGES - i) }, (_, j) => ({
      createdAt: at,
      channel: 'email',
      recipient: `resident${i + j}@example.az`,
      template: 'application.status',
      lang: (['az', 'en', 'ru'] as const)[(i + j) % 3] ?? 'az',
      data: { reference: `APP-${i + j}`, status: 'approved', link: 'https://egov.example/applications' },
      nextAttemptAt: at,
    }));
    await database.db.insert(outbox).values(rows);
  }
  const latencies: number[] = [];
  const settings = {
    smtpUrl: sink.url,
    mailFrom: 'Portal <no-reply@egov.test>',
    smsHmacKey: SMS_KEY,
    messageIdHost: 'egov.test',
  };
  const worker = createOutboxWorker({
    db: database.db,
    clock: systemClock,
    batchSize: 500,
    transports: {
      email: timed(emailTransport(settings), latencies),
      sms: emailTransport({ ...settings, smtpUrl: undefined }),
    },
  });
  await sink.count(); // resets the counter
  const start = performance.now();
  const result = await worker.drain();
  const seconds = (performance.now() - start) / 1000;
  await worker.stop();
  await database.close();
  const arrived = await sink.count();
  return {
    name: `outbox -> SMTP (${arrived} arrived, ${result.failed} failed)`,
    requestsPerSecond: Math.round(result.sent / seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: result.failed,
    non2xx: MESSAGES - arrived,
  };
}

async function inboundSms(url: string): Promise<{ healthz: Measurement; sms: Measurement }> {
  const server = await startServer({ DATABASE_URL: url, DEMO_DATA: 'true', SMS_HMAC_KEY: SMS_KEY });
  try {
    const healthz = await measure('/healthz', { url: `${server.url}/healthz`, duration });
    const texts = [
      'NET 0501234567',
      'TEST 1234567 654321',
      'EXAM 7654321 123456',
      'НОМЕР 0551234567',
      'HELLO',
    ];
    const result = await autocannon({
      url: `${server.url}/api/v1/sms/inbound`,
      connections: 50,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            // A different sender each time: the per-number flood limit is not what is measured here.
            const from = `+99450${crypto.randomInt(1_000_000, 9_999_999)}`;
            const text = texts[crypto.randomInt(texts.length)];
            const body = JSON.stringify({ from, text, id: crypto.randomUUID() });
            const signature = `sha256=${crypto.createHmac('sha256', SMS_KEY).update(body).digest('hex')}`;
            return {
              ...request,
              body,
              headers: { 'content-type': 'application/json', 'x-signature': signature },
            };
          },
        },
      ],
    });
    const sms: Measurement = {
      name: 'POST /api/v1/sms/inbound (answered, reply queued)',
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
    return { healthz, sms };
  } finally {
    await server.stop();
  }
}

/** The SMTP sink in its own process (this file, forked), so it does not share the worker's event loop. */
interface RemoteSink {
  url: string;
  count(): Promise<number>;
  stop(): void;
}

async function startRemoteSink(): Promise<RemoteSink> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SMTP_SINK: '1' },
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(Number(m)));
        child.send('count');
      }),
    stop: () => child.kill(),
  };
}

if (process.env.BENCH_SMTP_SINK) {
  const sink = new SmtpSink();
  await sink.start();
  process.send?.(sink.port);
  process.on('message', () => {
    process.send?.(sink.received.length);
    sink.received.length = 0; // the count is all we need; keep memory flat
  });
} else {
  const sink = await startRemoteSink();
  const outboxDatabase = await createBenchDatabase();
  const smsDatabase = await createBenchDatabase();
  try {
    const raw = await rawSmtp(sink);
    const viaOutbox = await throughOutbox(outboxDatabase.url, sink);
    report(raw, [viaOutbox]);
    console.log(
      `outbox emails: ${viaOutbox.requestsPerSecond}/s (goal >= 1,000/s): ${viaOutbox.requestsPerSecond >= 1000 ? 'met' : 'NOT met'}`,
    );
    const { healthz, sms } = await inboundSms(smsDatabase.url);
    report(healthz, [sms]);
    console.log(
      `inbound SMS: ${sms.requestsPerSecond}/s (goal >= 2,000/s): ${sms.requestsPerSecond >= 2000 ? 'met' : 'NOT met'}`,
    );
  } finally {
    sink.stop();
    await outboxDatabase.drop();
    await smsDatabase.drop();
  }
}
