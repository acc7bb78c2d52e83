import { type ChildProcess, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { emailTransport, type Transport } from '../src/modules/notifications/index.ts';
import { outbox } from '../src/modules/notifications/outbox.tables.ts';
import { createOutboxWorker } from '../src/modules/notifications/worker.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { demoSeeders } from '../src/seeders.ts';
import { SmtpSink } from '../test/helpers/smtp-sink.ts';
import { createBenchDatabase, type Measurement, measure, report, startServer } from './lib.ts';

// bench:notifications — on PostgreSQL, two figures, each against a baseline of the same run:
// 1. emails through the outbox (claim batch -> pooled SMTP -> mark sent) to a local SMTP sink, against the same
//    number of emails sent straight with nodemailer's pooled transport (no outbox). Goal: >= 1,000 messages/s.
// 2. inbound SMS answered by the real server (HMAC check, parse, lookup, usage event, reply queued), against
//    /healthz. Goal: >= 2,000 texts/s.
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
// Enough clients that a group commit has texts to group: the gateway sends webhooks concurrently.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
// 'sms' or 'email' runs one half only.
const only = process.env.BENCH_ONLY;
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

// Found and not found in the demo registries, in three languages, and a text that is no keyword.
const SMS_TEXTS = [
  'TEST 1000001 231376',
  'EXAM 1000002 239295',
  'EXAM 7654321 123456',
  'NET 0501234567',
  'НОМЕР 0551234567',
  'HELLO',
];

/** A signed webhook body; one in 50 is the previous one again, as a gateway re-delivering it would send. */
function smsRequests(): autocannon.Request[] {
  let previous: { body: string; signature: string } | undefined;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        if (!previous || crypto.randomInt(50) !== 0) {
          // A different sender each time: the per-number flood limit is not what is measured here.
          const from = `+99450${crypto.randomInt(1_000_000, 9_999_999)}`;
          const text = SMS_TEXTS[crypto.randomInt(SMS_TEXTS.length)];
          const body = JSON.stringify({ from, text, id: crypto.randomUUID() });
          previous = {
            body,
            signature: `sha256=${crypto.createHmac('sha256', SMS_KEY).update(body).digest('hex')}`,
          };
        }
        return {
          ...request,
          body: previous.body,
          headers: { 'content-type': 'application/json', 'x-signature': previous.signature },
        };
      },
    },
  ];
}

/** The demo registries answer only once seeded; and a seeder loading meanwhile would take the CPU measured. */
async function waitForDemoData(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client
        .query(`select count(*)::int as n from seed_runs`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      if (rows[0].n >= demoSeeders.length) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await client.end();
  }
}

/** Rows the texts left behind, to check that each 202 stands for exactly one queued reply. */
/** Rows the texts left behind, to check that each 202 stands for exactly one queued reply. */
async function smsRows(url: string, since: Date) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async (query: string) => Number((await client.query(query, [since])).rows[0].n);
  const replies = await count(
    `select count(*)::int as n from notification_outbox where channel = 'sms' and created_at >= $1`,
  );
  const uses = await count(`select count(*)::int as n from stat_events where channel = 'sms' and at >= $1`);
  await client.end();
  return { replies, uses };
}

/** CPU time the server process used (Linux /proc), which the other loads of a shared machine do not inflate. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function inboundSms(url: string): Promise<{ healthz: Measurement; sms: Measurement }> {
  const server = await startServer({ DATABASE_URL: url, DEMO_DATA: 'true', SMS_HMAC_KEY: SMS_KEY });
  try {
    await waitForDemoData(url);
    const healthz = await measure('/healthz', { url: `${server.url}/healthz`, duration, connections });
    const since = new Date();
    const startCpu = cpuMs(server.child.pid);
    const outcomes: Record<string, number> = {};
    const requests = smsRequests();
    const first = requests[0] as autocannon.Request;
    first.onResponse = (status, body) => {
      const outcome = status === 202 ? (JSON.parse(body) as { outcome: string }).outcome : `http ${status}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    };
    const result = await autocannon({
      url: `${server.url}/api/v1/sms/inbound`,
      connections,
      duration,
      requests,
    });
    const cpu = cpuMs(server.child.pid) - startCpu;
    const rows = await smsRows(url, since);
    const answered = result['2xx'];
    const queued = answered - (outcomes.duplicate ?? 0);
    console.log('inbound SMS outcomes:', outcomes);
    console.log(
      `replies queued ${rows.replies} for ${queued} texts answered (not duplicates), ` +
        `usage events ${rows.uses} for ${(outcomes.answered ?? 0) + (outcomes.not_found ?? 0)} lookups; ` +
        `server CPU ${(cpu / answered).toFixed(2)} ms a text`,
    );
    const sms: Measurement = {
      name: 'POST /api/v1/sms/inbound (202 answered, reply queued)',
      requestsPerSecond: Math.round(answered / duration),
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
    if (only !== 'sms') {
      const raw = await rawSmtp(sink);
      const viaOutbox = await throughOutbox(outboxDatabase.url, sink);
      report(raw, [viaOutbox]);
      console.log(
        `outbox emails: ${viaOutbox.requestsPerSecond}/s (goal >= 1,000/s): ${viaOutbox.requestsPerSecond >= 1000 ? 'met' : 'NOT met'}`,
      );
    }
    if (only !== 'email') {
      const { healthz, sms } = await inboundSms(smsDatabase.url);
      report(healthz, [sms]);
      console.log(
        `inbound SMS: ${sms.requestsPerSecond}/s answered, p99 ${sms.p99} ms (goal >= 2,000/s): ${sms.requestsPerSecond >= 2000 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    sink.stop();
    await outboxDatabase.drop();
    await smsDatabase.drop();
  }
}
