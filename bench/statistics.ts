import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { IMPORTED_PAGEVIEW_COLUMNS } from '../src/modules/analytics/index.ts';
import { importCatalogue } from '../src/modules/catalogue/import.ts';
import { demoCatalogue } from '../src/modules/catalogue/seed.ts';
import { dashboardData } from '../src/modules/statistics/dashboard.ts';
import * as figures from '../src/modules/statistics/figures.repository.ts';
import { Batch, EVENT_COLUMNS } from '../src/modules/statistics/import.store.ts';
import { parseLine } from '../src/modules/statistics/import.ts';
import { previous } from '../src/modules/statistics/period.ts';
import { popularServices } from '../src/modules/statistics/popular.ts';
import { buildReport } from '../src/modules/statistics/report.ts';
import { history } from '../src/modules/statistics/seed.ts';
import { type Database, openDatabase } from '../src/platform/db/client.ts';
import { bulkTransaction } from '../src/platform/db/copy.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { collectGarbage } from '../src/platform/gc.ts';
import { createBenchDatabase, root } from './lib.ts';

// bench:statistics — on PostgreSQL and PGlite, in one run:
// 1. import rate of `egov stats import FILE` run in its own process as an operator runs it (start-up,
//    parsing, rollups and web visits included) against a raw COPY of the same rows (the import's COPY text,
//    built beforehand) into tables without indexes in the same engine; the events in the reference's mix,
//    the file's lines at random times (any order is allowed), or in time order with BENCH_ORDER=time;
// 2. time to import a generated half-year (ending 2016-07-01) and produce the half-year report; the peak
//    RSS of the import process;
// 3. p95 of every dashboard query over saturated rollups (every day x service x channel for YEARS years,
//    1 + random(200) events each: ~59 million events a year; the monthly and totals rollups derived from
//    them as the rollup job would). Dashboard queries never read raw events, so the raw volume behind
//    the rollups does not change their cost: only the rollups' size does, and this is their maximum.
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 2);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 3;
const SECRET = 'bench-secret-that-is-long-enough-for-cookies';
const TZ = 'Asia/Baku';
const END = new Date('2016-07-01T00:00:00+04:00');
const HALF = { from: '2016-01-01', to: '2016-07-01' };
// The reference half-year's shape: its 8.2 million uses came from about a million users (8 uses each);
// generated over the half-year itself, so that rows per hour and service are as dense as the volume gives.
// The reference half-year's mix: 8.2 million uses, 14.6 million pageviews, 15,790 certificates and about
// 100,000 passcodes (425,000 in all by then) of about 23 million events.
const SHARE = { uses: 8_155_155 / 22.9e6, pageviews: 14_567_831 / 22.9e6, certificates: 15_790 / 22.9e6 };
const SHAPE = {
  uses: Math.round(EVENTS * SHARE.uses),
  pageviews: Math.round(EVENTS * SHARE.pageviews),
  certificates: Math.round(EVENTS * SHARE.certificates),
  passcodes: Math.round(EVENTS * (1 - SHARE.uses - SHARE.pageviews - SHARE.certificates)),
  users: Math.round((EVENTS * SHARE.uses) / 8),
  days: 182,
};

/** `BENCH_ORDER=time`: the file in time order, as an older portal's export by date would be. */
const IN_TIME_ORDER = process.env.BENCH_ORDER === 'time';

/** The generated lines (random times), or sorted by time; `at` is written as toISOString writes it. */
function lines(services: string[]): Iterable<string> {
  const generated = history(services, END, SHAPE);
  if (!IN_TIME_ORDER) return generated;
  const at = (line: string) => line.slice(line.indexOf('"at":"') + 6, line.indexOf('"at":"') + 30);
  return [...generated].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
}

/** The generated history as an NDJSON file, read back line by line like `egov stats import FILE`. */
function ndjsonFile(services: string[]): string {
  const file = path.join(os.tmpdir(), `bench-statistics-${process.pid}.ndjson`);
  const out = fs.openSync(file, 'w');
  let chunk: string[] = [];
  for (const line of lines(services)) {
    chunk.push(line);
    if (chunk.length === 10_000) {
      fs.writeSync(out, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) fs.writeSync(out, `${chunk.join('\n')}\n`);
  fs.closeSync(out);
  return file;
}

/**
 * A raw COPY of the rows the import stores (its own COPY text of the same lines) into tables like
 * stat_events and web_pageviews without their indexes, in one transaction. The text is built a million
 * lines at a time (a 23-million-line half-year's would not fit in one string), and that building is not
 * timed: only the COPY statements and the commit are.
 */
async function rawCopy(
  database: Database,
  services: string[],
  names: Awaited<ReturnType<typeof figures.catalogueNames>>,
): Promise<number> {
  await database.db.execute(sql`create table if not exists bench_copy (like stat_events including defaults)`);
  await database.db.execute(
    sql`create table if not exists bench_copy_pageviews (like web_pageviews including defaults)`,
  );
  let building = 0;
  const started = performance.now();
  await bulkTransaction(database, async (tx) => {
    let batch = new Batch();
    let since = performance.now();
    const send = async () => {
      const events = batch.events.text();
      const pageviews = batch.pageviews.text();
      building += performance.now() - since;
      if (batch.events.count > 0) await tx.copy(`copy bench_copy (${EVENT_COLUMNS}) from stdin`, events);
      if (batch.pageviews.count > 0)
        await tx.copy(`copy bench_copy_pageviews (${IMPORTED_PAGEVIEW_COLUMNS}) from stdin`, pageviews);
      batch = new Batch();
      since = performance.now();
    };
    for (const line of lines(services)) {
      const parsed = parseLine(line, names.services, { secret: SECRET, now: new Date() });
      if (typeof parsed === 'string') continue;
      if (parsed.kind === 'event') batch.addEvent(parsed.row);
      else batch.addPageview(parsed.row);
      if (batch.size >= 1_000_000) await send();
    }
    await send();
  });
  return performance.now() - started - building;
}

async function saturate(database: Database, services: number): Promise<number> {
  // Every (day, service, channel) of YEARS years ending 2016-07-01: the most rows the rollup can hold.
  const db = database.db;
  await db.execute(
    sql`truncate stat_daily, stat_monthly, stat_day_totals, stat_month_totals, stat_day_services, stat_month_services, stat_part_services`,
  );
  await db.execute(sql`insert into stat_daily (day, type, service_code, agency_code, channel, subject_type, count)
    select d::date, 'service_use', s.code, s.agency_code, c, '', 1 + (random() * 200)::int
    from generate_series(('2016-07-01'::date - ${YEARS * 365}::int)::timestamp, '2016-06-30'::timestamp, interval '1 day') d,
      (select code, agency_code from catalogue_services order by code limit ${services}) s,
      unnest(array['web','sms','api','mobile']) c
    order by 1`);
  // What the rollup job writes beside the daily rows for the same events, in time order as it writes them.
  await db.execute(sql`insert into stat_monthly (month, type, service_code, agency_code, channel, subject_type, count)
    select date_trunc('month', day)::date, type, service_code, agency_code, channel, subject_type, sum(count)
    from stat_daily group by 1, 2, 3, 4, 5, 6 order by 1`);
  await db.execute(sql`insert into stat_day_services (day, type, service_code, agency_code, count)
    select day, type, service_code, agency_code, sum(count) from stat_daily group by 1, 2, 3, 4 order by 1`);
  await db.execute(sql`insert into stat_month_services (month, type, service_code, agency_code, count)
    select month, type, service_code, agency_code, sum(count) from stat_monthly group by 1, 2, 3, 4 order by 1`);
  await db.execute(sql`insert into stat_part_services (part, type, service_code, agency_code, count)
    select date_trunc('month', day)::date + least((extract(day from day)::int - 1) / 10, 2) * 10,
      type, service_code, agency_code, sum(count) from stat_day_services group by 1, 2, 3, 4 order by 1`);
  await db.execute(sql`insert into stat_day_totals (day, type, channel, subject_type, count)
    select day, type, channel, subject_type, sum(count) from stat_daily group by 1, 2, 3, 4 order by 1`);
  await db.execute(sql`insert into stat_month_totals (month, type, channel, subject_type, count)
    select month, type, channel, subject_type, sum(count) from stat_monthly group by 1, 2, 3, 4 order by 1`);
  for (const table of [
    'daily',
    'monthly',
    'day_totals',
    'month_totals',
    'day_services',
    'month_services',
    'part_services',
  ])
    await db.execute(sql.raw(`vacuum analyze stat_${table}`));
  // A settled database, as a dashboard meets it: the import's tables vacuumed (else autovacuum does it
  // during the measurement) and everything written out (else checkpoints write it during it).
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`);
  const result = await db.execute(sql`select sum(count)::bigint as events from stat_daily`);
  return Number((result as unknown as { rows: { events: string }[] }).rows[0]?.events);
}

// The goal is the server's time: a collection of this process's heap (the million rows of COPY text it
// built before) during a query is not (collectGarbage before each query's runs).

async function p95(work: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  for (let i = 0; i < WARMUP; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.95)] ?? 0;
}

/** `egov stats import FILE` in its own process, as an operator runs it: wall time and its peak RSS. */
async function cliImport(
  file: string,
  env: Record<string, string>,
): Promise<{ ms: number; maxRss: number; summary: string }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './bench/max-rss.ts', 'src/cli/egov.ts', 'stats', 'import', file],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', SECRET_KEY: SECRET, TIME_ZONE: TZ, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`egov stats import exited with ${code}:\n${output}`);
  const kb = Number(/max-rss-kb (\d+)/.exec(output)?.[1]);
  return {
    ms: performance.now() - started,
    maxRss: kb * 1024,
    summary: /^Read .*$/m.exec(output)?.[0] ?? '',
  };
}

async function bench(kind: 'postgres' | 'pglite'): Promise<void> {
  const pgDatabase = kind === 'postgres' ? await createBenchDatabase() : undefined;
  const dataDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-statistics-')) : undefined;
  const open = () =>
    openDatabase(
      pgDatabase ? { databaseUrl: pgDatabase.url } : { pgliteDir: path.join(dataDir as string, 'pglite') },
    );
  let database = await open();
  try {
    await migrate(database);
    await importCatalogue(database.db, demoCatalogue('demo'), { at: new Date(), actor: { role: 'bench' } });
    const names = await figures.catalogueNames(database.db);
    const services = [...names.services.keys()].sort();
    const file = ndjsonFile(services);
    // One process owns a PGlite data directory: the CLI gets it while the import runs.
    if (dataDir) await database.close();
    const run = await cliImport(
      file,
      pgDatabase ? { DATABASE_URL: pgDatabase.url } : { DATA_DIR: dataDir as string },
    );
    fs.rmSync(file, { force: true });
    if (dataDir) database = await open();
    const reportStarted = performance.now();
    const report = await buildReport(database.db, HALF, TZ, 'en');
    const totalMs = run.ms + (performance.now() - reportStarted);
    const stored = await database.db.execute(sql`select (select count(*) from stat_events)
      + (select count(*) from web_pageviews where source = 'import') as n`);
    const imported = Number((stored as unknown as { rows: { n: string }[] }).rows[0]?.n ?? 0);
    const copyMs = await rawCopy(database, services, names);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    console.log(
      `\n== ${kind}: ${EVENTS} events over a half-year, ${IN_TIME_ORDER ? 'in time order' : 'in random order'} (in the report: ${report.uses.total} uses, ${report.web.pageviews} pageviews)`,
    );
    console.log(run.summary);
    console.log(`raw COPY           ${rate(EVENTS, copyMs)} events/s`);
    console.log(
      `egov stats import  ${rate(imported, run.ms)} events/s (own process, rollups and visits included) = ${((copyMs / run.ms) * 100).toFixed(0)}% of COPY (goal >= 50%)`,
    );
    console.log(
      `import + report    ${(totalMs / 1000).toFixed(1)} s; at this rate 23 million events: ${(((totalMs / EVENTS) * 23_000_000) / 1000).toFixed(0)} s (goal <= 120 s on PostgreSQL)`,
    );
    console.log(
      `peak RSS           ${Math.round(run.maxRss / 1e6)} MB (the egov stats import process; goal <= 500 MB)`,
    );

    const volume = await saturate(database, services.length);
    const year = { from: '2015-07-01', to: '2016-07-01' };
    const ragged = { from: '2015-07-15', to: '2016-06-15' };
    const half = { from: '2016-01-01', to: '2016-07-01' };
    const db = database.db;
    const queries: [string, () => Promise<unknown>][] = [
      ['total (year)', () => figures.total(db, 'service_use', year)],
      ['total (ragged year)', () => figures.total(db, 'service_use', ragged)],
      ['total (previous period)', () => figures.total(db, 'service_use', previous(half))],
      ['byMonth (year)', () => figures.byMonth(db, 'service_use', year)],
      ['byDay (quarter)', () => figures.byDay(db, 'service_use', { from: '2016-04-01', to: '2016-07-01' })],
      ['byChannel (year)', () => figures.byChannel(db, year)],
      ['topAgencies (year)', () => figures.topAgencies(db, year, 10)],
      ['topServices (year)', () => figures.topServices(db, year, 10)],
      ['topServices (ragged)', () => figures.topServices(db, ragged, 10)],
      ['agency total (year)', () => figures.total(db, 'service_use', year, { agency: 'MCHT' })],
      ['agency byMonth (year)', () => figures.byMonth(db, 'service_use', year, { agency: 'MCHT' })],
      [
        'agency byDay (quarter)',
        () => figures.byDay(db, 'service_use', { from: '2016-04-01', to: '2016-07-01' }, { agency: 'MCHT' }),
      ],
      ['agency topServices (year)', () => figures.topServices(db, year, 10, { agency: 'MCHT' })],
      ['service byMonth (year)', () => figures.byMonth(db, 'service_use', year, { service: services[0] })],
      ['bySubjectType (year)', () => figures.bySubjectType(db, year)],
      ['usersByMonth (year)', () => figures.usersByMonth(db, year)],
      ['cumulative', () => figures.cumulative(db, 'passcode_issued', '2016-07-01')],
      ['popular (30 days)', () => popularServices(db, new Date('2016-06-02T00:00:00Z'), 12)],
      ['baseline select 1', () => db.execute(sql`select 1`)],
    ];
    console.log(
      `dashboard queries over rollups of ${volume.toLocaleString('en')} events (${YEARS} years saturated), p95 of ${RUNS} (after ${WARMUP} warm-up runs):`,
    );
    for (const [name, work] of queries)
      console.log(`  ${name.padEnd(26)} ${(await p95(work)).toFixed(2)} ms (goal <= 10 ms)`);
    const dashboard = await p95(() => dashboardData(db, year, 'en'));
    console.log(
      `  ${'whole dashboard (year)'.padEnd(26)} ${dashboard.toFixed(2)} ms (all its queries and two SVG charts)`,
    );
  } finally {
    await database.close();
    await pgDatabase?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const kind of (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[])
  await bench(kind);
