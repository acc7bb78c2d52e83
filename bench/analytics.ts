// npm run bench:analytics — cost of recording pageviews and rate of sessionising, on PostgreSQL.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) is an admin URL: a fresh database
// is created for the run and dropped after. BENCH_PAGEVIEWS (default 3,000,000) generated pageviews are
// sessionised and the rate extrapolated to the reference half-year (14,567,831 pageviews).
// BENCH_KEEP=1 keeps the database for a look after; BENCH_REUSE=<its name> sessionises its pageviews
// again instead of generating them. BENCH_SKIP_HTTP=1 skips the home-page throughput part (while
// iterating on sessionising).
// BENCH_COMPARE=1 then also sessionises the same pageviews on the SQL path (as PGlite does) and again in
// the process, alternated, and checks that web_daily and web_daily_dims come out identical.
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { resetSessions, type SessioniseOptions, sessionise } from '../src/modules/analytics/index.ts';
import { type Database, openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { cpuSeconds, type RunningServer, startServer } from './lib.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PAGEVIEWS = Number(process.env.BENCH_PAGEVIEWS ?? 3_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** Pairs of runs with recording off and on (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const REFERENCE_PAGEVIEWS = 14_567_831;
/** A database kept by an earlier run (BENCH_KEEP=1): its pageviews are sessionised again, not generated. */
const REUSE = process.env.BENCH_REUSE ?? '';
/** The reference half-year, 1 January to 30 June 2016. */
const REFERENCE_DAYS = 182;
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** `egov serve` in its own process, as in production: the load generator's work is not counted as the portal's. */
function startPortal(databaseUrl: string, analytics: boolean): Promise<RunningServer> {
  return startServer({
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(os.tmpdir(), `egov-bench-analytics-${process.pid}-${analytics}`),
    DEMO_DATA: 'false',
    ANALYTICS: String(analytics),
    SECRET_KEY: 'bench-secret-that-is-at-least-32-characters',
  });
}

// Reference shape: 13.3 pageviews per user over the half-year. Each connection acts as a browser that keeps
// the cookies it is given (as real ones do); autocannon clears the context when its list of requests starts
// over, so a list of 13 makes a new browser, without cookies, every 13 pages.
const PAGES_PER_BROWSER = 13;

interface BrowserContext {
  cookies?: Map<string, string>;
}

const browsing: autocannon.Request = {
  setupRequest: (request, raw) => {
    const cookies = (raw as BrowserContext).cookies;
    if (!cookies?.size) return request;
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...request, headers: { ...request.headers, cookie } };
  },
  onResponse: (_status, _body, raw, headers?: IncomingHttpHeaders) => {
    const context = raw as BrowserContext;
    const set = headers?.['set-cookie'];
    if (!set) return;
    context.cookies ??= new Map();
    for (const line of Array.isArray(set) ? set : [set]) {
      const [pair] = String(line).split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) context.cookies.set(name.trim(), value.join('='));
    }
  },
};

interface Sample {
  rate: number;
  cpuMicros: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Requests per second, and the portal's CPU time per request (µs) over the run. */
async function run(portal: RunningServer, path: string): Promise<Sample> {
  const pid = portal.child.pid as number;
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  const rate = await throughput(`${portal.url}${path}`);
  const requests = (rate * (performance.now() - started)) / 1000;
  return { rate, cpuMicros: ((cpuSeconds(pid) - cpu) * 1e6) / requests };
}

async function throughput(url: string): Promise<number> {
  const result = await autocannon({
    url,
    connections: 10,
    duration: SECONDS,
    headers: { 'user-agent': BROWSER },
    requests: Array.from({ length: PAGES_PER_BROWSER }, () => browsing),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function recordingCost(database: Database, databaseUrl: string): Promise<void> {
  const on = await startPortal(databaseUrl, true);
  const off = await startPortal(databaseUrl, false);
  const rates: Record<'on' | 'off' | 'healthz', Sample[]> = {
    on: [],
    off: [],
    healthz: [],
  };
  await run(off, '/az'); // warm-up of both: templates compiled, pools connected
  await run(on, '/az');
  // Pairs in alternating order (off-on, on-off, ...): on 2 cores a run's rate drifts with what ran just
  // before it, and the median of the pairs' ratios is not moved by one disturbed run as a mean is.
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) rates.off.push(await run(off, '/az'));
    rates.on.push(await run(on, '/az'));
    if (round % 2 === 1) rates.off.push(await run(off, '/az'));
  }
  rates.healthz.push(await run(on, '/healthz'));
  await Promise.all([on.stop(), off.stop()]); // a graceful stop writes what the recorder still holds
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rate = (key: keyof typeof rates) => mean(rates[key].map((r) => r.rate));
  const cpu = (key: keyof typeof rates) => mean(rates[key].map((r) => r.cpuMicros));
  console.log(
    '\nRecording cost (home page /az, portals in their own processes, 10 connections, %d s per run, %d pairs off/on in alternating order)',
    SECONDS,
    ROUNDS,
  );
  console.log('  /healthz baseline          %s req/s', rate('healthz').toFixed(0));
  console.log(
    '  /az recording off          %s req/s, %s µs of portal CPU a page',
    rate('off').toFixed(0),
    cpu('off').toFixed(0),
  );
  console.log(
    '  /az recording on           %s req/s, %s µs of portal CPU a page',
    rate('on').toFixed(0),
    cpu('on').toFixed(0),
  );
  // On 2 cores the load generator (which keeps each browser's cookies, more work when the portal sets
  // them) takes a core from the portal: the throughput ratio mixes its cost in. The CPU ratio is the
  // portal's own: its throughput with recording on vs off when the portal is what limits it.
  const pairs = (ratio: (on: Sample, off: Sample) => number) =>
    median(rates.on.map((r, i) => ratio(r, rates.off[i] as Sample))).toFixed(3);
  console.log(
    '  ratio on/off               %s throughput, %s portal capacity (CPU per page off/on) (goal >= 0.90)',
    (rate('on') / rate('off')).toFixed(3),
    (cpu('off') / cpu('on')).toFixed(3),
  );
  console.log(
    '  median of the %d pairs      %s throughput, %s portal capacity',
    ROUNDS,
    pairs((on, off) => on.rate / off.rate),
    pairs((on, off) => off.cpuMicros / on.cpuMicros),
  );
  const [row] = (
    (await database.db.execute(
      sql`select count(*)::int as n, count(distinct visitor_key)::int as v from web_pageviews`,
    )) as unknown as {
      rows: { n: number; v: number }[];
    }
  ).rows;
  console.log('  pageviews recorded         %d from %d browsers', row?.n ?? 0, row?.v ?? 0);
}

/** Days that hold this many pageviews at the reference's density (80,000 a day). */
const daysLike = (pageviews: number) =>
  Math.max(1, Math.round((REFERENCE_DAYS * pageviews) / REFERENCE_PAGEVIEWS));

/**
 * Pageviews shaped like the reference: 13.3 pageviews and 4 visits per user, 3.34 pageviews per visit,
 * about 2 minutes between pages; inserted in time order like an import. They fill as many days as the
 * reference's 80,000 pageviews a day would: the rollups cost per day and value, so spreading few
 * pageviews over the whole half-year made a day's rollups look up to 50 times dearer per pageview.
 */
async function generate(database: Database, pageviews: number): Promise<number> {
  const visits = Math.round(pageviews / 3.343);
  const users = Math.round(pageviews / 13.26);
  const days = daysLike(pageviews);
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    // Generating the reference half-year (BENCH_PAGEVIEWS=14567831) takes longer than the pool's limit.
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`insert into web_pageviews
      (at, visitor_key, page_type, service_code, path, lang, device, referrer_host, source)
    select v.start + g.i * interval '131 seconds' + (random() * 60) * interval '1 second',
      'bench-' || v.visitor,
      case when g.i = 0 then 'home' when g.i % 2 = 1 then 'service' else 'catalogue' end,
      case when g.i % 2 = 1 then 'SVC-' || (1 + (v.visitor + g.i) % 423) end,
      case when g.i = 0 then '/' when g.i % 2 = 1 then '/services/SVC-' || (1 + (v.visitor + g.i) % 423) else '/services' end,
      (array['az', 'az', 'az', 'ru', 'en'])[1 + v.visitor % 5],
      (array['desktop', 'mobile', 'mobile', 'tablet'])[1 + v.visitor % 4],
      case when g.i = 0 and v.visitor % 3 = 0 then 'google.com' end,
      'import'
    from (select (random() * ${users})::int as visitor,
            timestamptz '2016-01-01 03:00:00+00' + floor(random() * ${days}) * interval '1 day'
              + random() * interval '16 hours' as start,
            1 + floor(ln(1 - random()) / ln(1 - 0.299))::int as k
          from generate_series(1, ${visits})) v
    cross join lateral generate_series(0, least(v.k, 30) - 1) as g(i)
    order by 1`);
  });
  return countPageviews(database);
}

async function countPageviews(database: Database): Promise<number> {
  const [row] = (
    (await database.db.execute(
      sql`select count(*)::int as n from web_pageviews where source = 'import'`,
    )) as unknown as {
      rows: { n: number }[];
    }
  ).rows;
  return row?.n ?? 0;
}

async function sessionisingRate(database: Database): Promise<void> {
  console.log(
    '\nSessionising imported pageviews (generated %s, reference shape)',
    PAGEVIEWS.toLocaleString('en'),
  );
  const started = Date.now();
  const generated = REUSE ? await countPageviews(database) : await generate(database, PAGEVIEWS);
  console.log(
    '  generated                  %s pageviews over %d days in %s s',
    generated.toLocaleString('en'),
    daysLike(PAGEVIEWS),
    ((Date.now() - started) / 1000).toFixed(1),
  );
  await database.db.execute(sql`analyze web_pageviews`);
  const run = async (label: string, options: Partial<SessioniseOptions>) => {
    await resetSessions(database.db, 'Asia/Baku');
    await database.db.execute(sql`vacuum analyze web_visits, web_visitors, web_daily, web_daily_dims`);
    const started = Date.now();
    const report = await sessionise(database.db, { timeZone: 'Asia/Baku', ...options });
    const seconds = (Date.now() - started) / 1000;
    const [visits] = (
      (await database.db.execute(sql`select count(*)::int as n from web_visits`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows;
    console.log(
      '  %s %s pageviews -> %s visits in %s s (%d chunks, %d read ahead), %s pageviews/s',
      label.padEnd(26),
      report.pageviews.toLocaleString('en'),
      (visits?.n ?? 0).toLocaleString('en'),
      seconds.toFixed(1),
      report.chunks,
      report.readAhead,
      (report.pageviews / seconds).toFixed(0),
    );
    return report.pageviews / seconds;
  };
  const rate = await run('sessionised', {});
  console.log(
    '  extrapolated 14,567,831    %s s (goal <= 60 s; linear extrapolation from this run)',
    (REFERENCE_PAGEVIEWS / rate).toFixed(0),
  );
  if (process.env.BENCH_COMPARE !== '1') return;
  const rollups = async () =>
    JSON.stringify(
      (
        (await database.db.execute(sql`select
          (select json_agg(d order by local_date) from web_daily d) as daily,
          (select json_agg(d order by local_date, dimension, value) from web_daily_dims d) as dims`)) as unknown as {
          rows: unknown[];
        }
      ).rows,
    );
  const inProcess = await rollups();
  const sqlRates = [await run('SQL path', { inProcess: false })];
  const same = (await rollups()) === inProcess;
  const processRates = [rate, await run('in the process', {})];
  sqlRates.push(await run('SQL path', { inProcess: false }));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(
    '  in the process / SQL path  %s (means of 2 runs each, alternated); rollups identical: %s',
    (mean(processRates) / mean(sqlRates)).toFixed(2),
    same ? 'yes' : 'NO',
  );
  if (!same) process.exitCode = 1;
}

async function main(): Promise<void> {
  const name = REUSE || `egov_bench_analytics_${process.pid}`;
  if (!REUSE) await admin(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    await migrate(database);
    console.log('PostgreSQL bench database %s; %d CPUs', name, os.availableParallelism());
    if (process.env.BENCH_SKIP_HTTP !== '1') await recordingCost(database, url.toString());
    await sessionisingRate(database);
    console.log(
      '\nPeak memory (this process, max RSS)  %s MB',
      (process.resourceUsage().maxRSS / 1024).toFixed(0),
    );
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP === '1' || REUSE) console.log('kept database %s', name);
    else await admin(`drop database if exists "${name}" with (force)`);
  }
}

await main();
