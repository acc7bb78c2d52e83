import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { TEST_SECRET } from '../../../test/helpers/database.ts';
import { recordEvent } from './events.ts';
import * as figures from './figures.repository.ts';
import { importEvents } from './import.ts';
import { buildReport } from './report.ts';
import { ensureEventMonths, rollUp } from './rollup.ts';
import { history } from './seed.ts';

const TZ = 'Asia/Baku';

async function* lines(list: Iterable<string>) {
  yield* list;
}

async function rows<T>(t: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The same figures counted straight from raw events, as a check on the rollups. */
async function raw(t: TestApp, from: string, to: string) {
  const where = sql`type = 'service_use' and at >= ${from}::timestamptz and at < ${to}::timestamptz`;
  const [all] = await rows<{ n: number; u: number }>(
    t,
    sql`select count(*)::int as n, count(distinct user_key)::int as u from stat_events where ${where}`,
  );
  const channels = await rows<{ k: string; n: number }>(
    t,
    sql`select channel as k, count(*)::int as n from stat_events where ${where} group by 1 order by 1`,
  );
  const services = await rows<{ k: string; n: number }>(
    t,
    sql`select service_code as k, count(*)::int as n from stat_events where ${where} group by 1 order by 2 desc, 1 limit 10`,
  );
  return { total: all?.n, users: all?.u, channels, services };
}

describe('period splitting', () => {
  it('reads whole months from months, and edges as thirds of a month and a few days', () => {
    assert.deepEqual(figures.splitPeriod({ from: '2016-01-01', to: '2016-07-01' }), {
      months: { from: '2016-01-01', to: '2016-07-01' },
      days: [],
    });
    assert.deepEqual(figures.splitPeriod({ from: '2015-07-15', to: '2016-06-15' }), {
      months: { from: '2015-08-01', to: '2016-06-01' },
      days: [
        { from: '2015-07-15', to: '2015-08-01' },
        { from: '2016-06-01', to: '2016-06-15' },
      ],
    });
    assert.deepEqual(figures.splitPeriod({ from: '2016-01-15', to: '2016-02-10' }), {
      days: [{ from: '2016-01-15', to: '2016-02-10' }],
    });
    assert.deepEqual(figures.splitThirds({ from: '2015-07-15', to: '2015-08-01' }), {
      parts: { from: '2015-07-21', to: '2015-08-01' },
      days: [{ from: '2015-07-15', to: '2015-07-21' }],
    });
    assert.deepEqual(figures.splitThirds({ from: '2016-06-01', to: '2016-06-15' }), {
      parts: { from: '2016-06-01', to: '2016-06-11' },
      days: [{ from: '2016-06-11', to: '2016-06-15' }],
    });
    assert.deepEqual(figures.splitThirds({ from: '2016-06-12', to: '2016-06-20' }), {
      days: [{ from: '2016-06-12', to: '2016-06-20' }],
    });
  });
});

describe('statistics rollups', () => {
  let t: TestApp;
  const now = () => t.clock.now();
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  it('counts exactly once an event whose transaction was still open when the rollup started', async (ctx) => {
    const pool = t.database.pool;
    if (!pool) {
      // PGlite has one connection: a second transaction cannot be open while the rollup runs.
      ctx.skip('needs a second connection (PostgreSQL)');
      return;
    }
    const period = { from: '2003-03-01', to: '2003-04-01' };
    const at = new Date('2003-03-10T08:00:00Z');
    const client = await pool.connect();
    let run: Promise<number> | undefined;
    try {
      await client.query('begin');
      // Takes the smaller id and stays uncommitted while a later event commits.
      await client.query(
        `insert into stat_events (type, at, subject_type) values ('certificate_issued', $1, 'person')`,
        [at],
      );
      await recordEvent(t.database.db, { type: 'certificate_issued', at, subjectType: 'person' });
      run = rollUp(t.database.db, TZ, now());
      const finished = run.then(() => true);
      let blocked = false;
      for (let i = 0; i < 100_000 && !blocked; i++) {
        if (await Promise.race([finished, Promise.resolve(false)])) break;
        const [waiting] = await rows<{ n: number }>(
          t,
          sql`select count(*)::int as n from pg_locks where not granted and locktype = 'relation'`,
        );
        blocked = (waiting?.n ?? 0) > 0;
      }
      await client.query('commit');
    } finally {
      client.release();
    }
    await run;
    await rollUp(t.database.db, TZ, now());
    assert.equal(await figures.total(t.database.db, 'certificate_issued', period), 2);
    const [hourly] = await rows<{ n: number }>(
      t,
      sql`select sum(count)::int as n from stat_hourly where type = 'certificate_issued' and hour = ${at.toISOString()}::timestamptz`,
    );
    assert.equal(hourly?.n, 2);
  });

  it('stores an imported event in the partition of its month, and a month without one in the default', async () => {
    const line =
      '{"type":"service_use","at":"2001-02-10T10:00:00+04:00","service":"MLSPP-0001","channel":"web","user":"far"}';
    await importEvents(t.database, lines([line]), { secret: TEST_SECRET, timeZone: TZ, now: now() });
    const [far] = await rows<{ p: string }>(
      t,
      sql`select tableoid::regclass::text as p from stat_events where at = '2001-02-10T06:00:00Z'`,
    );
    assert.equal(far?.p, 'stat_events_2001_02');

    const at = new Date('2002-05-10T08:00:00Z');
    await recordEvent(t.database.db, { type: 'passcode_issued', at, dedupeKey: 'test:partition-default' });
    await recordEvent(t.database.db, {
      type: 'passcode_issued',
      at: new Date('2002-05-11T08:00:00Z'),
      dedupeKey: 'test:partition-default',
    });
    const where = sql`type = 'passcode_issued' and at >= '2002-05-01' and at < '2002-06-01'`;
    const [stored] = await rows<{ p: string; n: number }>(
      t,
      sql`select min(tableoid::regclass::text) as p, count(*)::int as n from stat_events where ${where}`,
    );
    assert.deepEqual(stored, { p: 'stat_events_default', n: 1 }, 'a live dedupe key counts once, any time');
    await rollUp(t.database.db, TZ, now());
    const may = { from: '2002-05-01', to: '2002-06-01' };
    assert.equal(await figures.total(t.database.db, 'passcode_issued', may), 1);

    await ensureEventMonths(t.database.db, [at]);
    const [moved] = await rows<{ p: string; n: number }>(
      t,
      sql`select min(tableoid::regclass::text) as p, count(*)::int as n from stat_events where ${where}`,
    );
    assert.deepEqual(moved, { p: 'stat_events_2002_05', n: 1 });
    await rollUp(t.database.db, TZ, now());
    assert.equal(await figures.total(t.database.db, 'passcode_issued', may), 1);
  });

  it('gives from months and edge days the same figures as the raw events, distinct users exact', async () => {
    const { services } = await figures.catalogueNames(t.database.db);
    const generated = history([...services.keys()].sort(), new Date('2005-07-01T00:00:00+04:00'), {
      uses: 3000,
      certificates: 40,
      passcodes: 40,
      users: 400,
    });
    await importEvents(t.database, lines(generated), { secret: TEST_SECRET, timeZone: TZ, now: now() });
    const half = { from: '2005-01-01', to: '2005-07-01' };
    const report = await buildReport(t.database.db, half, TZ, 'en');
    const exact = await raw(t, '2005-01-01T00:00:00+04:00', '2005-07-01T00:00:00+04:00');
    assert.ok((exact.total ?? 0) > 1000);
    assert.equal(report.uses.total, exact.total);
    assert.equal(report.uses.distinctUsers, exact.users);
    assert.deepEqual(
      report.uses.topServices.map((s) => [s.code, s.uses]),
      exact.services.map((s) => [s.k, s.n]),
    );
    const months = await figures.usersByMonth(t.database.db, half);
    assert.equal(months.length, 6);
    const [march] = await rows<{ u: number }>(
      t,
      sql`select count(distinct user_key)::int as u from stat_events where type = 'service_use'
        and at >= '2005-03-01T00:00:00+04:00' and at < '2005-04-01T00:00:00+04:00'`,
    );
    assert.equal(months[2]?.count, march?.u);

    // Ragged edges: half a month before and after the whole months.
    const ragged = { from: '2004-12-16', to: '2005-06-15' };
    const rawRagged = await raw(t, '2004-12-16T00:00:00+04:00', '2005-06-15T00:00:00+04:00');
    const db = t.database.db;
    assert.equal(await figures.total(db, 'service_use', ragged), rawRagged.total);
    assert.equal(await figures.distinctUsers(db, ragged, TZ), rawRagged.users);
    assert.deepEqual(
      (await figures.byChannel(db, ragged)).map((b) => [b.key, b.count]).sort(),
      rawRagged.channels.map((c) => [c.k, c.n]),
    );
    assert.deepEqual(
      (await figures.topServices(db, ragged, 10)).map((s) => [s.code, s.count]),
      rawRagged.services.map((s) => [s.k, s.n]),
    );
    const byDay = await figures.byDay(db, 'service_use', ragged);
    assert.equal(
      byDay.reduce((sum, b) => sum + b.count, 0),
      rawRagged.total,
    );
  });
});
