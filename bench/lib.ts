import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

// Shared by the bench:* scripts: a throwaway PostgreSQL database, the real server in a child process
// (so the load generator does not share its event loop), and autocannon with a comparable report.
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `egov_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `egov serve` with the given environment and waits until it answers /readyz. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/egov.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function measure(
  name: string,
  options: {
    url: string;
    /** Run autocannon in worker threads, off this process's event loop (used when the server is in-process). */
    workers?: number;
    connections?: number;
    duration?: number;
    requests?: autocannon.Request[];
    method?: string;
    body?: string;
    headers?: Record<string, string>;
  },
): Promise<Measurement> {
  // autocannon treats a present-but-undefined option as set, so only pass what was given.
  const given = Object.fromEntries(
    Object.entries({
      requests: options.requests,
      method: options.method,
      body: options.body,
      headers: options.headers,
    }).filter(([, value]) => value !== undefined),
  );
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.duration ?? 10,
    ...given,
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Prints measurements as a table with each one's ratio to the baseline measured in the same run. */
export function report(baseline: Measurement, others: Measurement[]): void {
  const rows = [baseline, ...others].map((m) => ({
    measurement: m.name,
    'req/s': m.requestsPerSecond,
    'p50 ms': m.p50,
    'p99 ms': m.p99,
    errors: m.errors,
    non2xx: m.non2xx,
    'ratio to baseline': `${((m.requestsPerSecond / baseline.requestsPerSecond) * 100).toFixed(1)}%`,
  }));
  console.table(rows);
}
