/**
 * npm run bench:login — passcode logins per second, the KDF cost per hash, and /healthz latency during a
 * login storm compared with /healthz at rest, measured in the same run. The portal runs in a child process
 * (its own event loop, as in production); this process only drives the load and measures.
 *
 * Options (environment): BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 16), DATABASE_URL (else PGlite).
 */

import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PEOPLE = 500;
const PASSCODE = 'Bench-passcode-2026';

async function serve(): Promise<void> {
  const { buildApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const { openDatabase } = await import('../src/platform/db/client.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const identity = await import('../src/modules/identity/index.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-bench-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_DATA: 'false' });
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  await migrate(database);
  const hash = await identity.hashPasscode(PASSCODE);
  const fins: string[] = [];
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const fin = `B${String(i).padStart(6, '0')}`;
    fins.push(fin);
    return {
      fin,
      cardNumber: `AZE9${String(i).padStart(7, '0')}`,
      firstName: 'Bench',
      lastName: `User${i}`,
      birthDate: '1990-01-01',
      cardValidUntil: '2099-01-01',
    };
  });
  const ids = await identity.addPeopleToRegister(database.db, people);
  for (const personId of ids)
    await identity.provisionAccount(database.db, { personId, passcodeHash: hash }, new Date());
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    secret: 'bench-secret-that-is-long-enough-000000',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  // The portal's own event-loop delay: what every other request waits for while logins run.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', (message) => {
    if (message === 'start') delay.enable();
    if (message === 'stop') {
      delay.disable();
      process.send?.({ loopP99: delay.percentile(99) / 1e6, loopMax: delay.max / 1e6 });
    }
  });
  process.send?.({ port: address.port, fins });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Sequential /healthz requests, one every 5 ms, until `until`. */
async function probe(base: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    await (await fetch(`${base}/healthz`)).text();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

async function login(base: string, fin: string): Promise<boolean> {
  const page = await fetch(`${base}/en/login`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, fin, passcode: PASSCODE }).toString(),
  });
  await res.text();
  return res.status === 303 && res.headers.getSetCookie().some((c) => c.startsWith('sid='));
}

async function storm(base: string, fins: string[], until: number): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        if (await login(base, fins[next++ % fins.length] as string)) ok++;
        else failed++;
      }
    }),
  );
  return { ok, failed };
}

async function kdfCost(): Promise<number> {
  const { hashPasscode } = await import('../src/modules/identity/passcode.ts');
  const runs = 10;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await hashPasscode(`kdf-probe-${i}`);
  return (performance.now() - started) / runs;
}

async function main(): Promise<void> {
  const server = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const { port, fins } = await new Promise<{ port: number; fins: string[] }>((resolve, reject) => {
    server.once('message', (m) => resolve(m as { port: number; fins: string[] }));
    server.once('exit', (code) => reject(new Error(`the portal process exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  await login(base, fins[0] as string); // warm-up: templates compiled, decoy hash made
  const kdf = await kdfCost();
  const rest = await probe(base, Date.now() + 3000);
  const until = Date.now() + SECONDS * 1000;
  server.send('start');
  const [result, loaded] = await Promise.all([storm(base, fins, until), probe(base, until)]);
  const loop = new Promise<{ loopP99: number; loopMax: number }>((resolve) =>
    server.once('message', (m) => resolve(m as { loopP99: number; loopMax: number })),
  );
  server.send('stop');
  const { loopP99, loopMax } = await loop;
  server.kill('SIGKILL');
  const row = (name: string, values: number[]) =>
    `  ${name.padEnd(22)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms   (${values.length} requests)`;
  const p99Rest = percentile(rest, 99);
  const p99Storm = percentile(loaded, 99);
  console.log(
    `Login storm: ${CONCURRENCY} concurrent clients for ${SECONDS} s on ${os.availableParallelism()} cores, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
  );
  console.log(
    `  logins/s               ${(result.ok / SECONDS).toFixed(1)}   (${result.ok} succeeded, ${result.failed} failed)`,
  );
  console.log(`  KDF cost per hash      ${kdf.toFixed(1)} ms   (scrypt N=2^15 r=8 p=1; goal >= 50 ms)`);
  console.log(row('/healthz at rest', rest));
  console.log(row('/healthz during storm', loaded));
  console.log(
    `  portal event-loop delay during storm: p99 ${loopP99.toFixed(1)} ms, max ${loopMax.toFixed(1)} ms`,
  );
  console.log(
    `  p99 ratio storm/rest   ${(p99Storm / p99Rest).toFixed(2)}x   (goal: p99 during storm <= 50 ms: ${p99Storm <= 50 ? 'met' : 'NOT met'})`,
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
