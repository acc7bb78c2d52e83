import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { addDays, localDate } from './period.ts';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15';
const FORM = 'application/x-www-form-urlencoded;charset=UTF-8';

describe('engagement beacon', () => {
  let t: TestApp;
  let token: string;
  let vid: string;
  before(async () => {
    t = await buildTestApp();
    const page = await t.app.inject({ url: '/en', headers: { 'user-agent': BROWSER } });
    token = /data-pageview="([^"]+)"/.exec(page.body)?.[1] ?? '';
    vid = page.cookies.find((c) => c.name === 'vid')?.value ?? '';
    assert.ok(token && vid);
    t.clock.advance(60_000);
  });
  after(() => t.close());

  const beacon = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/analytics/engagement',
      payload,
      headers: { 'content-type': FORM, cookie: `vid=${vid}`, 'user-agent': BROWSER, ...headers },
    });
  const engagementRows = async () => {
    await t.app.analytics.flush();
    const result = (await t.database.db.execute(
      sql`select engaged_ms from web_engagement order by id`,
    )) as unknown as { rows: { engaged_ms: number }[] };
    return result.rows.map((r) => r.engaged_ms);
  };

  it('records engaged time, capped at the time since the page was served, apart from the visit duration', async () => {
    assert.equal((await beacon(`pv=${token}&ms=45000`)).statusCode, 204);
    assert.equal((await beacon(`pv=${token}&ms=999999`)).statusCode, 204);
    assert.deepEqual(await engagementRows(), [45_000, 60_000]);
    await t.app.analytics.sessionise();
    const today = localDate(t.clock.now(), t.config.timeZone);
    const overview = (
      await t.app.inject(`/en/statistics/web/overview.json?from=${today}&to=${addDays(today, 1)}`)
    ).json() as { rows: { figure: string; value: number }[] };
    const figure = (name: string) => overview.rows.find((r) => r.figure === name)?.value;
    assert.equal(figure('avgEngaged'), 105);
    assert.equal(figure('engagedVisits'), 1);
    assert.equal(figure('avgDuration'), 0, 'a one-page visit lasts 0 s whatever the beacon says');
  });

  it('quietly ignores beacons of another visitor, from other sites, or with skewed times', async () => {
    const before = (await engagementRows()).length;
    const future = `${(t.clock.now().getTime() + 3_600_000).toString(36)}.${token.split('.')[1]}`;
    const old = `${(t.clock.now().getTime() - 2 * 86_400_000).toString(36)}.${token.split('.')[1]}`;
    const attempts = [
      beacon(`pv=${token}&ms=1000`, { cookie: 'vid=CCCCCCCCCCCCCCCCCCCCCC' }),
      beacon(`pv=${token}&ms=1000`, { cookie: '' }),
      beacon(`pv=${token}&ms=1000`, { 'sec-fetch-site': 'cross-site' }),
      beacon(`pv=${token}&ms=1000`, { dnt: '1' }),
      beacon(`pv=${future}&ms=1000`),
      beacon(`pv=${old}&ms=1000`),
      beacon(`pv=${token}&ms=0`),
    ];
    for (const res of await Promise.all(attempts)) assert.equal(res.statusCode, 204);
    assert.equal((await engagementRows()).length, before);
  });

  it('rejects nonsense and huge bodies with 400, never a 500', async () => {
    const bodies: [string, string][] = [
      ['pv=&ms=', FORM],
      [`pv=${token}&ms=-5`, FORM],
      [`pv=${token}&ms=1e9`, FORM],
      [`pv=${token}&ms=${'9'.repeat(40)}`, FORM],
      ['pv=not-a-token&ms=1000', FORM],
      [`pv=${token}&pv=${token}&ms=1000`, FORM],
      ['{"pv": 1}', 'application/json'],
      ['{{{', 'application/json'],
      [`pv=${'a'.repeat(100_000)}`, FORM],
      ['\u0000\u0001', 'text/plain'],
      ['x', 'application/x-unknown'],
    ];
    for (const [payload, type] of bodies) {
      const res = await beacon(payload, { 'content-type': type });
      assert.ok(
        res.statusCode >= 400 && res.statusCode < 500,
        `${payload.slice(0, 30)} gave ${res.statusCode}`,
      );
    }
  });

  it('drops a flood of beacons from one address after the limit', async () => {
    const before = (await engagementRows()).length;
    for (let i = 0; i < 80; i++) assert.equal((await beacon(`pv=${token}&ms=60000`)).statusCode, 204);
    const recorded = (await engagementRows()).length - before;
    assert.ok(recorded > 0 && recorded <= 60, `recorded ${recorded}`);
    // However many got through, one pageview never adds more than the 30-minute visit gap.
    await t.app.analytics.sessionise();
    const today = localDate(t.clock.now(), t.config.timeZone);
    const overview = (
      await t.app.inject(`/en/statistics/web/overview.json?from=${today}&to=${addDays(today, 1)}`)
    ).json() as { rows: { figure: string; value: number }[] };
    assert.equal(overview.rows.find((r) => r.figure === 'avgEngaged')?.value, 1800);
  });
});
