import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { cspSafeSvg } from './charts.ts';
import { insertPageviews, type PageviewRow } from './pageviews.repository.ts';
import { addDays, localDate } from './period.ts';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('web statistics pages', () => {
  let t: TestApp;
  let today: string;
  before(async () => {
    t = await buildTestApp();
    // Noon in Baku, so that the 40 minutes of pageviews below never straddle a local midnight (a visit split).
    t.clock.set(new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 8 * 3600_000));
    today = localDate(t.clock.now(), t.config.timeZone);
    const base = t.clock.now().getTime() - 3 * 24 * 3600 * 1000;
    const rows: PageviewRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({
        at: new Date(base + i * 60_000),
        visitorKey: `visitor-${i % 4}`,
        pageType: i % 2 ? 'service' : 'home',
        serviceCode: i % 2 ? 'MLSPP-0001' : null,
        path: i % 2 ? '/services/MLSPP-0001' : '/',
        lang: 'az',
        device: i % 4 === 0 ? 'mobile' : 'desktop',
        referrerHost: i < 4 ? '=cmd|evil.example' : null,
      });
    }
    await insertPageviews(t.database.db, rows);
    await t.app.analytics.sessionise();
  });
  after(() => t.close());
  // A monitor's user agent: these requests are left out of the figures the tests compare.
  const get = (url: string) => t.app.inject({ url, headers: { 'user-agent': 'uptime-monitor' } });

  it('shows the figures of the last 30 days with a chart and a table for each section', async () => {
    const res = await get('/en/statistics/web');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Web statistics – /);
    assert.match(res.body, /Users\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*4\s*</);
    assert.match(res.body, /Pageviews\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*40\s*</);
    for (const id of [
      'daily',
      'new-returning',
      'devices',
      'languages',
      'page-types',
      'services',
      'pages',
      'referrers',
    ])
      assert.match(res.body, new RegExp(`id="${id}-title"`));
    assert.equal((res.body.match(/<svg class="egov-chart"/g) ?? []).length, 8);
    assert.equal((res.body.match(/<table class="govuk-table egov-analytics-table"/g) ?? []).length, 8);
    assert.match(res.body, /href="\/en\/statistics\/web\/services\.csv\?from=\d{4}-\d{2}-\d{2}&amp;to=/);
    // The menu entry now leads to the statistics dashboard (statistics module), which links here.
    assert.match(res.body, /class="govuk-service-navigation__link" href="\/en\/statistics"/);
    const privacy = await get('/en/privacy');
    assert.match(privacy.body, /pseudonymous key, never your name or FIN/);
  });

  it('embeds charts that a strict CSP does not block: no style element or attribute, no script', async () => {
    const res = await get('/az/statistics/web');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const svgs = res.body.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.ok(svgs.length >= 8);
    for (const svg of svgs) {
      assert.doesNotMatch(svg, /<style|style="|<script|\son\w+=/i);
    }
    assert.match(svgs.join(''), /font-size="13px"/, 'text styles became presentation attributes');
    const hostile = cspSafeSvg(
      '<svg width="1" height="1"><text style="font-size:12px;fill:red" onclick="x()">a</text><style>p{}</style><script>alert(1)</script></svg>',
    );
    assert.equal(
      hostile,
      '<svg class="egov-chart" aria-hidden="true" focusable="false"><text font-size="12px" fill="red">a</text></svg>',
    );
  });

  it('serves each section as CSV (spreadsheet-safe) and JSON', async () => {
    const from = addDays(today, -7);
    const to = addDays(today, 1);
    const csv = await get(`/en/statistics/web/referrers.csv?from=${from}&to=${to}`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="web-referrers-/);
    assert.equal(csv.body, "\ufeffWebsite,Pageviews,Visits that started here\r\n'=cmd|evil.example,4,4\r\n");
    const json = await get(`/en/statistics/web/overview.json?from=${from}&to=${to}`);
    const body = json.json() as {
      period: { from: string; to: string };
      rows: { figure: string; value: number }[];
    };
    assert.deepEqual(body.period.from, from);
    assert.equal(body.rows.find((r) => r.figure === 'visits')?.value, 4);
    assert.equal(body.rows.find((r) => r.figure === 'newVisitShare')?.value, 1);
    const daily = await get(`/en/statistics/web/daily.json?from=${from}&to=${to}`);
    assert.equal((daily.json() as { rows: unknown[] }).rows.length, 8);
  });

  it('answers bad periods with a localised error summary and bad files with 400 or 404, never 500', async () => {
    const bad = await get('/ru/statistics/web?from=2026-02-30&to=x');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /href="#from">Введите первый день как существующую дату/);
    const reversed = await get('/en/statistics/web?from=2026-03-01&to=2026-02-01');
    assert.match(reversed.body, /The first day must be before the day after the period/);
    const long = await get('/en/statistics/web?from=2000-01-01&to=2026-01-01');
    assert.match(long.body, /at most three years/);
    for (const url of [
      '/en/statistics/web/nothing.csv',
      '/en/statistics/web/daily.xml',
      '/en/statistics/web/daily.csv?from=yesterday',
      `/en/statistics/web?from=${'9'.repeat(500)}`,
      '/en/statistics/web?from=1&from=2',
      '/xx/statistics/web',
    ]) {
      const res = await get(url);
      assert.ok([400, 404].includes(res.statusCode), `${url} gave ${res.statusCode}`);
    }
  });

  it('counts the pages the server renders, end to end', async () => {
    await t.app.analytics.sessionise();
    const before = (
      await get(`/en/statistics/web/overview.json?from=${today}&to=${addDays(today, 1)}`)
    ).json() as {
      rows: { figure: string; value: number }[];
    };
    const pageviewsBefore = before.rows.find((r) => r.figure === 'pageviews')?.value ?? 0;
    const home = await t.app.inject({ url: '/az', headers: { 'user-agent': BROWSER } });
    const vid = home.cookies.find((c) => c.name === 'vid')?.value;
    assert.ok(vid);
    await t.app.inject({
      url: '/en/statistics/web',
      headers: { 'user-agent': BROWSER, cookie: `vid=${vid}` },
    });
    await t.app.inject({ url: '/healthz', headers: { 'user-agent': BROWSER } });
    await t.app.inject({ url: '/assets/analytics/engagement.js', headers: { 'user-agent': BROWSER } });
    await t.app.inject({ url: '/az/no-such-page', headers: { 'user-agent': BROWSER } });
    await t.app.analytics.sessionise();
    const after = (
      await get(`/en/statistics/web/page-types.json?from=${today}&to=${addDays(today, 1)}`)
    ).json() as {
      rows: { value: string; pageviews: number; visits: number }[];
    };
    const total = after.rows.reduce((sum, r) => sum + r.pageviews, 0);
    assert.equal(total - pageviewsBefore, 2);
    assert.deepEqual(after.rows.map((r) => r.value).sort(), ['home', 'statistics']);
  });
});
