import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import type { Db } from '../../platform/db/client.ts';
import { webFigures } from './figures.repository.ts';
import { ingestPageviews, insertLinks, insertPageviews, type PageviewRow } from './pageviews.repository.ts';
import { sessionise } from './sessionise.ts';

const TZ = 'Asia/Baku';
const MIN = 60_000;

function view(visitorKey: string | null, at: string, extra: Partial<PageviewRow> = {}): PageviewRow {
  return {
    at: new Date(at),
    visitorKey,
    pageType: 'home',
    path: '/',
    lang: 'az',
    device: 'desktop',
    ...extra,
  };
}

async function visits(db: Db) {
  const result = (await db.execute(sql`select visitor_key, to_char(local_date, 'YYYY-MM-DD') as day,
      started_at, ended_at, pageviews, is_new, page_types, service_codes
    from web_visits order by visitor_key, started_at`)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

/** The browser `vid` logs in to the account `user` at `at`: the link the recorder stores. */
function logIn(db: Db, vid: string, user: string, at: string) {
  return insertLinks(db, [{ visitorKey: vid, userKey: user, linkedAt: new Date(at) }]);
}

async function clear(db: Db) {
  await db.execute(sql`truncate web_pageviews, web_visits, web_visitors, web_visitor_links, web_daily,
    web_daily_dims, web_state, web_engagement, web_dirty_days, web_dirty_visitor_days restart identity`);
}

describe('sessionising pageviews into visits', () => {
  let t: TestDatabase;
  let db: Db;
  before(async () => {
    t = await createTestDatabase();
    db = t.database.db;
  });
  after(() => t.drop());
  beforeEach(() => clear(db));

  it('splits where the gap is over 30 minutes, not at exactly 30', async () => {
    const start = Date.parse('2026-03-02T06:00:00Z');
    const at = (m: number) => new Date(start + m * MIN).toISOString();
    await insertPageviews(db, [view('a', at(0)), view('a', at(30)), view('a', at(60)), view('a', at(91))]);
    await sessionise(db, { timeZone: TZ });
    const rows = await visits(db);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.pageviews, 3);
    assert.equal(rows[1]?.pageviews, 1);
    const figures = await webFigures(db, { from: '2026-03-02', to: '2026-03-03' });
    assert.deepEqual(figures, {
      users: 1,
      visits: 2,
      pageviews: 4,
      avgSessionSeconds: (60 * 60 + 0) / 2,
      newVisits: 1,
      newVisitShare: 0.5,
      newUsers: 1,
    });
  });

  it('splits at local midnight (Asia/Baku), and each visit belongs to its own local date', async () => {
    // 19:50Z is 23:50 in Baku, 20:05Z is 00:05 the next day: 15 minutes apart, two visits.
    await insertPageviews(db, [view('a', '2026-03-02T19:50:00Z'), view('a', '2026-03-02T20:05:00Z')]);
    await sessionise(db, { timeZone: TZ });
    const rows = await visits(db);
    assert.deepEqual(
      rows.map((r) => r.day),
      ['2026-03-02', '2026-03-03'],
    );
    assert.equal((await webFigures(db, { from: '2026-03-03', to: '2026-03-04' })).visits, 1);
  });

  it('counts a new visit only for the first visit ever, and moves it when an earlier pageview arrives late', async () => {
    await insertPageviews(db, [view('a', '2026-03-05T08:00:00Z'), view('a', '2026-03-06T08:00:00Z')]);
    await sessionise(db, { timeZone: TZ });
    assert.deepEqual(
      (await visits(db)).map((r) => r.is_new),
      [true, false],
    );
    await ingestPageviews(db, [
      { at: new Date('2026-03-01T08:00:00Z'), visitorKey: 'a', path: '/az/services/X-1' },
    ]);
    await sessionise(db, { timeZone: TZ });
    assert.deepEqual(
      (await visits(db)).map((r) => r.is_new),
      [true, false, false],
    );
    const march5 = await webFigures(db, { from: '2026-03-05', to: '2026-03-06' });
    assert.equal(march5.newVisits, 0, 'the daily rollup of the day that lost its new visit was rebuilt');
    const all = await webFigures(db, { from: '2026-03-01', to: '2026-03-07' });
    assert.equal(all.users, 1);
    assert.equal(all.newUsers, 1);
    assert.equal(all.visits, 3);
  });

  it('gives the same figures in small chunks as in one pass', async () => {
    const rows: PageviewRow[] = [];
    for (let i = 0; i < 300; i++) {
      const visitor = `v${i % 17}`;
      const at = new Date(Date.parse('2026-04-01T05:00:00Z') + ((i * 7919) % 500) * 7 * MIN).toISOString();
      rows.push(view(visitor, at, i % 3 === 0 ? { pageType: 'service', serviceCode: `S${i % 5}` } : {}));
    }
    await insertPageviews(db, rows);
    await sessionise(db, { timeZone: TZ, chunkSize: 1_000_000 });
    const once = {
      visits: await visits(db),
      figures: await webFigures(db, { from: '2026-04-01', to: '2026-04-05' }),
    };
    await clear(db);
    for (let i = 0; i < rows.length; i += 40) {
      await insertPageviews(db, rows.slice(i, i + 40));
      await sessionise(db, { timeZone: TZ, chunkSize: 13 });
    }
    assert.deepEqual(await visits(db), once.visits);
    assert.deepEqual(await webFigures(db, { from: '2026-04-01', to: '2026-04-05' }), once.figures);
    assert.equal(once.figures.pageviews, 300);
  });

  it('merges a browser into the account it logged in to: one person, one user', async () => {
    await insertPageviews(db, [
      view('vid-1', '2026-03-02T06:00:00Z'),
      view('vid-1', '2026-03-02T06:05:00Z'),
      view('user-1', '2026-03-02T06:10:00Z'),
    ]);
    await sessionise(db, { timeZone: TZ });
    assert.equal((await webFigures(db, { from: '2026-03-02', to: '2026-03-03' })).users, 2);
    await logIn(db, 'vid-1', 'user-1', '2026-03-02T06:10:00Z');
    // After logging out, the browser's views are still the account's.
    await insertPageviews(db, [view('vid-1', '2026-03-02T06:20:00Z')]);
    await sessionise(db, { timeZone: TZ });
    const figures = await webFigures(db, { from: '2026-03-02', to: '2026-03-03' });
    assert.equal(figures.users, 1);
    assert.equal(figures.visits, 1);
    assert.equal(figures.newVisits, 1);
    assert.equal(figures.avgSessionSeconds, 20 * 60);
    assert.equal((await visits(db))[0]?.visitor_key, 'user-1');
  });

  it("makes the account's first visit a returning one when a browser seen earlier is linked to it", async () => {
    await insertPageviews(db, [
      view('vid-2', '2026-03-02T06:00:00Z'),
      view('user-2', '2026-03-04T06:00:00Z'),
    ]);
    await sessionise(db, { timeZone: TZ });
    assert.equal((await webFigures(db, { from: '2026-03-04', to: '2026-03-05' })).newVisits, 1);
    await logIn(db, 'vid-2', 'user-2', '2026-03-04T06:00:00Z');
    await sessionise(db, { timeZone: TZ });
    assert.deepEqual(
      (await visits(db)).map((r) => [r.visitor_key, r.day, r.is_new]),
      [
        ['user-2', '2026-03-02', true],
        ['user-2', '2026-03-04', false],
      ],
    );
    const march4 = await webFigures(db, { from: '2026-03-04', to: '2026-03-05' });
    assert.equal(march4.newVisits, 0, 'the day that lost its new visit was rebuilt');
    const both = await webFigures(db, { from: '2026-03-01', to: '2026-03-05' });
    assert.equal(both.users, 1);
    assert.equal(both.newVisits, 1);
  });

  it('counts pageviews and visits that included a page type or service', async () => {
    await insertPageviews(db, [
      view('a', '2026-03-02T06:00:00Z', { pageType: 'service', serviceCode: 'S1', path: '/services/S1' }),
      view('a', '2026-03-02T06:01:00Z', { pageType: 'service', serviceCode: 'S1', path: '/services/S1' }),
      view('b', '2026-03-02T06:00:00Z', { pageType: 'service', serviceCode: 'S1', path: '/services/S1' }),
      view(null, '2026-03-02T06:00:00Z'),
    ]);
    await sessionise(db, { timeZone: TZ });
    const dims = (await db.execute(sql`select dimension, value, pageviews, visits from web_daily_dims
      where dimension in ('service', 'page_type', 'total', 'anonymous') order by dimension, value`)) as unknown as {
      rows: Record<string, unknown>[];
    };
    assert.deepEqual(
      dims.rows.map((r) => [r.dimension, r.value, Number(r.pageviews), Number(r.visits)]),
      [
        ['anonymous', '', 1, 0],
        ['page_type', 'home', 1, 0],
        ['page_type', 'service', 3, 2],
        ['service', 'S1', 3, 2],
        ['total', '', 4, 0],
      ],
    );
    const figures = await webFigures(db, { from: '2026-03-02', to: '2026-03-03' });
    assert.equal(figures.pageviews, 4, 'anonymous views are pageviews');
    assert.equal(figures.users, 2, 'but not users');
  });

  it('ingests imported pageviews with the same classification, skipping bad rows and duplicates', async () => {
    const rows = [
      {
        at: new Date('2026-03-02T06:00:00Z'),
        visitorKey: 'h1',
        path: '/ru/services/MLSPP-0001?x=1',
        dedupeKey: 'k1',
      },
      {
        at: new Date('2026-03-02T06:01:00Z'),
        visitorKey: 'h1',
        path: '/en/applications/123456',
        dedupeKey: 'k2',
      },
      { at: new Date('nonsense'), visitorKey: 'h1', path: '/az' },
      { at: new Date('2026-03-02T06:02:00Z'), visitorKey: '', path: '/az' },
    ];
    assert.deepEqual(await ingestPageviews(db, rows), { inserted: 2, skipped: 2 });
    assert.deepEqual(await ingestPageviews(db, rows.slice(0, 2)), { inserted: 0, skipped: 0 });
    const stored = (await db.execute(
      sql`select page_type, service_code, path, source from web_pageviews order by id`,
    )) as unknown as { rows: Record<string, unknown>[] };
    assert.deepEqual(stored.rows, [
      { page_type: 'service', service_code: 'MLSPP-0001', path: '/services/MLSPP-0001', source: 'import' },
      { page_type: 'account', service_code: null, path: '/applications', source: 'import' },
    ]);
  });

  it('rebuilds everything in the new time zone when the configured one changes', async () => {
    await insertPageviews(db, [view('a', '2026-03-02T19:50:00Z'), view('a', '2026-03-02T20:05:00Z')]);
    await sessionise(db, { timeZone: TZ });
    assert.equal((await visits(db)).length, 2);
    const report = await sessionise(db, { timeZone: 'UTC' });
    assert.equal(report.reset, true);
    assert.equal((await visits(db)).length, 1);
  });
});
