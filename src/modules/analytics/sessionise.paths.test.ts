import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import type { Db } from '../../platform/db/client.ts';
import { insertEngagement, insertLinks, insertPageviews, type PageviewRow } from './pageviews.repository.ts';
import { resetSessions, sessionise } from './sessionise.ts';

// On PostgreSQL a chunk is sessionised in the process (COPY out, cut and count, COPY back); PGlite and
// `inProcess: false` take the SQL path. Both must store the same rows.

const TZ = 'Asia/Baku';
const MIN = 60_000;

/** Deterministic pageviews over three days: gaps around 30 minutes, local midnight, anonymous views. */
function pageviews(seed: number, count: number): PageviewRow[] {
  const rows: PageviewRow[] = [];
  let x = seed;
  const next = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  for (let i = 0; i < count; i++) {
    const v = Math.floor(next() * 40);
    const minute = Math.floor(next() * 3 * 24 * 60);
    const kind = Math.floor(next() * 4);
    rows.push({
      at: new Date(Date.parse('2026-05-01T00:00:00Z') + minute * MIN + (i % 7) * 1000),
      visitorKey: v === 0 ? null : v % 9 === 0 ? `vid-${v}` : `u-${v}`,
      pageType: ['home', 'service', 'agency', 'catalogue'][kind] as string,
      serviceCode: kind === 1 ? `S${v % 5}` : null,
      agencyCode: kind === 2 ? `A${v % 3}` : null,
      path: kind === 1 ? `/services/S${v % 5}` : kind === 2 ? `/agencies/A${v % 3}` : '/',
      lang: ['az', 'ru', 'en', null][v % 4] ?? null,
      device: ['desktop', 'mobile', null][v % 3] ?? null,
      referrerHost: v % 5 === 0 ? 'google.com' : null,
    });
  }
  return rows;
}

async function stored(db: Db) {
  const query = async (q: ReturnType<typeof sql>) =>
    ((await db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
  return {
    // Values within a visit's arrays are compared as sets: only their distinct values are counted.
    visits:
      await query(sql`select visitor_key, to_char(local_date, 'YYYY-MM-DD') as day, started_at, ended_at,
        pageviews, is_new, device, lang, referrer_host, entry_path, key_bucket,
        array(select unnest(page_types) order by 1) as page_types,
        array(select unnest(service_codes) order by 1) as service_codes,
        array(select unnest(agency_codes) order by 1) as agency_codes
      from web_visits order by visitor_key, started_at`),
    daily: await query(sql`select * from web_daily order by local_date`),
    dims: await query(sql`select * from web_daily_dims order by local_date, dimension, value`),
  };
}

async function scenario(db: Db, inProcess: boolean) {
  await db.execute(sql`truncate web_pageviews, web_visits, web_visitors, web_visitor_links, web_daily,
    web_daily_dims, web_state, web_engagement, web_dirty_days, web_dirty_visitor_days restart identity`);
  const rows = pageviews(7, 900);
  await insertPageviews(db, rows.slice(0, 600));
  await sessionise(db, { timeZone: TZ, chunkSize: 97, inProcess });
  // Then: a browser logs in, late (earlier) pageviews arrive, engagement is reported, more chunks.
  await insertLinks(db, [
    { visitorKey: 'vid-9', userKey: 'u-1', linkedAt: new Date('2026-05-02T10:00:00Z') },
  ]);
  await insertPageviews(db, rows.slice(600));
  await insertPageviews(
    db,
    pageviews(11, 50).map((r) => ({ ...r, at: new Date(r.at.getTime() - 86_400_000) })),
  );
  const first = rows[1] as PageviewRow;
  if (first.visitorKey)
    await insertEngagement(db, [{ visitorKey: first.visitorKey, pageviewAt: first.at, engagedMs: 42_000 }]);
  await sessionise(db, { timeZone: TZ, chunkSize: 61, inProcess });
  // Then the linked browser browses on, logged out: read ahead or not, its views are the account's.
  await insertPageviews(
    db,
    pageviews(13, 300).map((r) => ({ ...r, at: new Date(r.at.getTime() + 86_400_000) })),
  );
  const report = await sessionise(db, { timeZone: TZ, chunkSize: 37, inProcess });
  return { ...(await stored(db)), readAhead: report.readAhead };
}

describe('sessionising in the process and in SQL', () => {
  let t: TestDatabase;
  let db: Db;
  before(async () => {
    t = await createTestDatabase();
    db = t.database.db;
  });
  after(() => t.drop());

  it('stores the same visits, daily figures and figures per dimension', async () => {
    const inProcess = await scenario(db, true);
    const inSql = await scenario(db, false);
    assert.ok(inProcess.visits.length > 100, 'the scenario makes visits');
    assert.ok(inProcess.dims.some((d) => d.dimension === 'agency' && Number(d.visits) > 0));
    assert.ok(
      inProcess.daily.some((d) => Number(d.engaged_visits) === 1),
      'engagement is counted',
    );
    assert.ok(
      !inProcess.visits.some((v) => v.visitor_key === 'vid-9'),
      'the linked browser became the account',
    );
    if (!t.database.pglite) assert.ok(inProcess.readAhead > 0, 'chunks were read ahead');
    assert.equal(inSql.readAhead, 0);
    assert.deepEqual(inProcess.visits, inSql.visits);
    assert.deepEqual(inProcess.daily, inSql.daily);
    assert.deepEqual(inProcess.dims, inSql.dims);
    // Counts added chunk by chunk equal those of one pass over everything.
    await resetSessions(db, TZ);
    await sessionise(db, { timeZone: TZ, chunkSize: 1_000_000 });
    assert.deepEqual({ ...(await stored(db)), readAhead: inProcess.readAhead }, inProcess);
  });
});
