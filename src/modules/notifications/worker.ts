import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { isLanguage } from '../../platform/i18n/i18n.ts';
import { buryAbandoned, claimDue, markFailed, markSent, type OutboxRow } from './outbox.repository.ts';
import { renderMessage } from './templates.ts';
import type { Transport } from './transports.ts';

export interface WorkerOptions {
  db: Db;
  clock: Clock;
  transports: { email: Transport; sms: Transport };
  /** Prefixes the paths modules store as links (PUBLIC_URL). */
  publicUrl?: string;
  batchSize?: number;
  maxAttempts?: number;
  /** First retry delay; each next one doubles (exponential back-off), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed row stays ours; past it, a restarted worker sends it again (at-least-once). */
  leaseMs?: number;
  onError?: (error: Error) => void;
}

export interface RunReport {
  claimed: number;
  sent: number;
  failed: number;
}

export interface OutboxWorker {
  /** One pass: claim a batch, send it, record the outcome. Tests and benchmarks call it directly. */
  runOnce(): Promise<RunReport>;
  /** Drains everything due now: `parallel` loops of runOnce until a pass claims nothing. */
  drain(parallel?: number): Promise<RunReport>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function retryDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export function createOutboxWorker(options: WorkerOptions): OutboxWorker {
  const batchSize = options.batchSize ?? 200;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function sendOne(row: OutboxRow): Promise<{ ok: boolean; error?: string }> {
    const transport = row.channel === 'email' ? options.transports.email : options.transports.sms;
    try {
      if (!isLanguage(row.lang)) throw new Error(`unknown language ${row.lang}`);
      const rendered = renderMessage(row.template, row.lang, row.data, options.publicUrl);
      await transport.send({ id: row.id, recipient: row.recipient, rendered });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  async function runOnce(): Promise<RunReport> {
    const now = options.clock.now();
    await buryAbandoned(options.db, now, maxAttempts);
    const rows = await claimDue(options.db, {
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      limit: batchSize,
      maxAttempts,
    });
    const outcomes = await Promise.all(rows.map(sendOne));
    const sentBy = new Map<string, number[]>();
    let failed = 0;
    for (const [i, row] of rows.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok) {
        const name = (row.channel === 'email' ? options.transports.email : options.transports.sms).name;
        sentBy.set(name, [...(sentBy.get(name) ?? []), row.id]);
        continue;
      }
      failed++;
      const last = row.attempts >= maxAttempts;
      const retryAt = last
        ? null
        : new Date(now.getTime() + retryDelay(row.attempts, baseDelayMs, maxDelayMs));
      await markFailed(options.db, row.id, { error: outcome?.error ?? 'unknown', retryAt });
    }
    const at = options.clock.now();
    for (const [name, ids] of sentBy) await markSent(options.db, ids, name, at);
    return { claimed: rows.length, sent: rows.length - failed, failed };
  }

  // Several loops keep the SMTP connections busy while another loop claims or records its batch; their
  // claims are disjoint (SKIP LOCKED on PostgreSQL; PGlite runs one statement at a time).
  async function drain(parallel = 2): Promise<RunReport> {
    const total: RunReport = { claimed: 0, sent: 0, failed: 0 };
    const loop = async () => {
      for (;;) {
        const report = await runOnce();
        total.claimed += report.claimed;
        total.sent += report.sent;
        total.failed += report.failed;
        if (report.claimed === 0) return;
      }
    };
    await Promise.all(Array.from({ length: parallel }, loop));
    return total;
  }

  return {
    runOnce,
    drain,
    start(intervalMs) {
      // One pass at a time: the next tick waits for the previous pass instead of overlapping it.
      timer = setInterval(() => {
        if (running) return;
        running = drain()
          .catch((error: Error) => options.onError?.(error))
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      options.transports.email.close();
      options.transports.sms.close();
    },
  };
}
