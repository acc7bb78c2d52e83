import assert from 'node:assert/strict';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { TEST_SECRET } from '../../../test/helpers/database.ts';
import { importEvents } from './import.ts';
import { buildReport } from './report.ts';
import { reportParagraphs } from './report-text.ts';

const LINES = [
  '{"type":"service_use","at":"2016-01-03T10:15:00+04:00","service":"MLSPP-0001","channel":"web","user":"u8812"}',
  '{"type":"service_use","at":"2016-01-03T11:15:00+04:00","service":"MLSPP-0001","channel":"sms","user":"u8812"}',
  '{"type":"service_use","at":"2016-02-05T09:00:00+04:00","service":"MCHT-0001","channel":"api","user":"u1"}',
  '{"type":"service_use","at":"2016-06-30T23:30:00+04:00","service":"MCHT-0001","channel":"web"}',
  '{"type":"service_use","at":"2016-07-01T00:30:00+04:00","service":"MCHT-0001","channel":"web"}',
  '{"type":"pageview","at":"2016-01-03T10:14:02+04:00","visitor":"v5531","path":"/az/services/MLSPP-0001"}',
  '{"type":"pageview","at":"2016-01-03T10:16:02+04:00","visitor":"v5531","path":"/az"}',
  '{"type":"certificate_issued","at":"2016-02-11T09:00:00+04:00","subjectType":"legal"}',
  '{"type":"certificate_issued","at":"2015-02-11T09:00:00+04:00","subjectType":"state"}',
  '{"type":"passcode_issued","at":"2016-02-11T09:05:00+04:00"}',
  '{"type":"service_use","at":"2016-01-03T10:15:00+04:00","service":"NOPE-0001","channel":"web"}',
  '{"type":"service_use","at":"yesterday","service":"MLSPP-0001","channel":"web"}',
  '{"type":"teleport","at":"2016-01-03T10:15:00+04:00"}',
  'this is not json',
  '',
];

async function* lines(list: string[]) {
  yield* list;
}

describe('statistics', () => {
  let t: TestApp;
  const options = () => ({ secret: TEST_SECRET, timeZone: t.config.timeZone, now: t.clock.now() });
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  it('imports NDJSON, reports bad lines by number and never counts a line twice', async () => {
    const first = await importEvents(t.database, lines(LINES), options());
    assert.deepEqual(first.imported, {
      service_use: 5,
      pageview: 2,
      certificate_issued: 2,
      passcode_issued: 1,
    });
    assert.equal(first.badLines, 4);
    assert.deepEqual(
      first.problems.map((p) => p.line),
      [11, 12, 13, 14],
    );
    assert.match(first.problems[0]?.reason ?? '', /unknown service "NOPE-0001"/);
    const again = await importEvents(t.database, lines(LINES), options());
    assert.equal(again.imported.service_use + again.imported.pageview, 0);
    assert.equal(again.duplicates, 10);
  });

  it('reads every line of a readline interface, however long it waits before reading', async () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) =>
        `{"type":"service_use","at":"2003-07-0${1 + (i % 9)}T10:00:00+04:00","service":"MLSPP-0001","channel":"web","n":${i}}`,
    );
    const input = readline.createInterface({ input: Readable.from([`${lines.join('\n')}\n`]) });
    const summary = await importEvents(t.database, input, options());
    assert.equal(summary.lines, 3000);
    assert.equal(summary.imported.service_use, 3000);
  });

  it('stores only the new lines of an import that repeats an earlier one, whatever batch they fall in', async () => {
    const use = (day: number, user: string) =>
      `{"type":"service_use","at":"2002-03-${String(day).padStart(2, '0')}T10:00:00+04:00","service":"MLSPP-0001","channel":"web","user":"${user}"}`;
    const old = [1, 2, 3, 4, 5].map((d) => use(d, `old${d}`));
    const fresh = [6, 7, 8, 9].map((d) => use(d, `new${d}`));
    const first = await importEvents(t.database, lines(old), { ...options(), batchSize: 2 });
    assert.equal(first.imported.service_use, 5);
    // Batches of three: new lines only, then old and new mixed, old only, and a line given twice.
    const mixed = [...fresh.slice(0, 3), old[0], fresh[3], ...old.slice(1), fresh[3]] as string[];
    const second = await importEvents(t.database, lines(mixed), { ...options(), batchSize: 3 });
    assert.equal(second.imported.service_use, 4);
    assert.equal(second.duplicates, 6);
    const report = await buildReport(
      t.database.db,
      { from: '2002-03-01', to: '2002-04-01' },
      'Asia/Baku',
      'en',
    );
    assert.equal(report.uses.total, 9);
    assert.equal(report.uses.distinctUsers, 9);
  });

  it('refuses a day that does not exist instead of moving it to the next month', async () => {
    const summary = await importEvents(
      t.database,
      lines([
        '{"type":"passcode_issued","at":"2001-02-29T10:00:00+04:00"}',
        '{"type":"passcode_issued","at":"2001-04-31T10:00:00.000Z"}',
        '{"type":"passcode_issued","at":"2020-02-29T10:00:00.000Z"}',
        // COPY's special characters in the one free text an import stores.
        '{"type":"pageview","at":"2020-02-29T10:00:00Z","visitor":"v\\t1","path":"/x\\ty\\\\z\\n"}',
      ]),
      options(),
    );
    assert.equal(summary.imported.passcode_issued, 1, 'only 29 February of a leap year');
    assert.equal(summary.imported.pageview, 1);
    assert.deepEqual(
      summary.problems.map((p) => [p.line, p.reason]),
      [
        [1, 'bad time "at" (ISO 8601 with an offset)'],
        [2, 'bad time "at" (ISO 8601 with an offset)'],
      ],
    );
  });

  it('builds the report of a half-year from the rollups, exactly', async () => {
    const report = await buildReport(
      t.database.db,
      { from: '2016-01-01', to: '2016-07-01' },
      'Asia/Baku',
      'en',
    );
    assert.deepEqual(report.period, { from: '2016-01-01T00:00:00+04:00', to: '2016-07-01T00:00:00+04:00' });
    assert.equal(report.uses.total, 4, 'the use at 00:30 on 1 July (Baku) is outside');
    assert.deepEqual(report.uses.byMonth, [
      { month: '2016-01', uses: 2 },
      { month: '2016-02', uses: 1 },
      { month: '2016-06', uses: 1 },
    ]);
    assert.deepEqual(report.uses.byChannel, { web: 2, sms: 1, api: 1, mobile: 0 });
    assert.deepEqual(
      report.uses.topServices.map((s) => [s.code, s.agency, s.uses]),
      [
        ['MCHT-0001', 'MCHT', 2],
        ['MLSPP-0001', 'MLSPP', 2],
      ],
    );
    assert.equal(report.uses.distinctUsers, 2);
    assert.deepEqual(report.certificates, { state: 0, person: 0, legal: 1, total: 1, cumulativeTotal: 2 });
    assert.deepEqual(report.passcodes, { inPeriod: 1, cumulative: 1 });
    assert.equal(report.web.pageviews, 2);
    assert.equal(report.web.visits, 1);
    const ru = reportParagraphs(report, 'ru', 'Asia/Baku').join('\n');
    assert.match(ru, /4 раза\./);
    const en = reportParagraphs(report, 'en', 'Asia/Baku').join('\n');
    assert.match(en, /4 times\./);
    assert.match(en, /100\.0% of visits/);
  });

  it('serves open data in the analytics.usa.gov shape, as JSON and CSV', async () => {
    const res = await t.app.inject('/open-data/v1/reports/uses-by-month/data?from=2016-01-01&to=2016-07-01');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.name, 'uses-by-month');
    assert.deepEqual(body.data[0], { month: '2016-01', uses: 2 });
    assert.deepEqual(body.totals, { uses: 4 });
    assert.ok(body.meta.description && body.taken_at);
    const csv = await t.app.inject(
      '/open-data/v1/reports/uses-by-service/data.csv?from=2016-01-01&to=2016-07-01&agency=MCHT',
    );
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^service_code,agency_code,name_az,name_en,name_ru,uses\r\nMCHT-0001,MCHT,/);
  });

  it('answers bad open-data input with 400 or 404, never 500', async () => {
    const base = '/open-data/v1/reports';
    for (const [url, status] of [
      [`${base}/uses-by-month/data?from=2016-07-01&to=2016-01-01`, 400],
      [`${base}/uses-by-month/data?from=2016-01-01&to=2016-01-01`, 400],
      [`${base}/uses-by-month/data?from=1900-01-01&to=2016-01-01`, 400],
      [`${base}/uses-by-month/data?from=2016-02-30&to=2016-03-01`, 400],
      [`${base}/uses-by-service/data?agency=NOPE`, 400],
      [`${base}/uses-by-service/data?limit=100000000`, 400],
      [`${base}/nothing/data`, 404],
    ] as const) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, status, url);
    }
  });

  it('shows the dashboard in three languages without scripts, and its agency and service pages', async () => {
    for (const lang of ['az', 'en', 'ru']) {
      const res = await t.app.inject(`/${lang}/statistics?from=2016-01-01&to=2016-07-01`);
      assert.equal(res.statusCode, 200, lang);
      assert.match(res.body, /<svg class="egov-chart"/);
      assert.match(res.body, /uses-by-month\/data\.csv\?from=2016-01-01&amp;to=2016-07-01/);
    }
    const en = await t.app.inject('/en/statistics?from=2016-01-01&to=2016-07-01');
    assert.match(en.body, /href="\/en\/statistics\/agencies\/MLSPP\?/);
    assert.equal(
      (await t.app.inject('/en/statistics/agencies/MCHT?from=2016-01-01&to=2016-07-01')).statusCode,
      200,
    );
    assert.equal((await t.app.inject('/en/statistics/services/NOPE-1')).statusCode, 404);
    const bad = await t.app.inject('/en/statistics?from=2016-07-01&to=2016-01-01');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(en.body, /href="\/en\/statistics"/, 'the menu leads to the dashboard');
  });

  it('writes the report page with a copy-text box', async () => {
    const res = await t.app.inject('/ru/statistics/report?from=2016-01-01&to=2016-07-01');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<textarea[^>]*readonly/);
    assert.match(res.body, /4 раза/);
  });
});
