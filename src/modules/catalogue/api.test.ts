import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';

describe('catalogue API and open data', () => {
  let t: TestApp;
  const json = async (url: string) => {
    const res = await t.app.inject(url);
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() };
  };
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  it('lists agencies and categories with their published service counts', async () => {
    const agencies = await json('/api/v1/agencies');
    assert.equal(agencies.status, 200);
    assert.equal(agencies.body.items.length, 41);
    const mlspp = agencies.body.items.find((a: { code: string }) => a.code === 'MLSPP');
    assert.equal(mlspp.name.ru, 'Министерство труда и социальной защиты населения');
    assert.equal(mlspp.contact.email, 'info@mlspp.gov.az');
    assert.ok(mlspp.services >= 2);
    const categories = await json('/api/v1/categories');
    assert.ok(categories.body.items.some((c: { code: string }) => c.code === 'labour'));
  });

  it('searches services with filters and paging, tolerating typos', async () => {
    const found = await json('/api/v1/services?q=socal%20asistance');
    assert.equal(found.status, 200);
    assert.equal(found.body.match, 'similar');
    assert.equal(found.body.items[0].code, 'MLSPP-0002');
    const filtered = await json('/api/v1/services?agency=MCHT&kind=lookup&limit=1&page=2');
    assert.equal(filtered.body.limit, 1);
    assert.equal(filtered.body.items.length, 1);
    assert.equal(filtered.body.items[0].agency, 'MCHT');
    assert.ok(filtered.body.total >= 2);
    const category = await json('/api/v1/services?category=education');
    assert.ok(category.body.items.every((s: { categories: string[] }) => s.categories.includes('education')));
  });

  it('returns one service in full, and a problem for an unknown one', async () => {
    const service = await json('/api/v1/services/MCHT-0001');
    assert.equal(service.status, 200);
    assert.equal(service.body.authLevel, 'none');
    assert.equal(service.body.status, 'published');
    assert.equal(service.body.version, 1);
    const missing = await json('/api/v1/services/NOPE-1');
    assert.equal(missing.status, 404);
    assert.match(missing.type, /application\/problem\+json/);
  });

  it('answers bad parameters with 400 and a problem naming the parameter', async () => {
    const cases: [string, string][] = [
      [`/api/v1/services?q=${'x'.repeat(10_000)}`, 'q'],
      ['/api/v1/services?agency=NOPE', 'agency'],
      ['/api/v1/services?category=%3Cscript%3E', 'category'],
      ['/api/v1/services?kind=teleport', 'kind'],
      ['/api/v1/services?page=0', 'page'],
      ['/api/v1/services?page=abc', 'page'],
      ['/api/v1/services?page=999', 'page'],
      ['/api/v1/services?limit=1000', 'limit'],
    ];
    for (const [url, parameter] of cases) {
      const res = await json(url);
      assert.equal(res.status, 400, url.slice(0, 60));
      assert.match(res.type, /application\/problem\+json/);
      assert.equal(res.body.parameter, parameter, url.slice(0, 60));
    }
    for (const q of ["'%3B drop table x%3B --", '%ED%A0%80', '%00', '', '%3Cb%3E']) {
      const res = await t.app.inject(`/api/v1/services?q=${q}`);
      assert.equal(res.statusCode, 200, q);
    }
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = await json('/api/openapi.json');
    for (const path of [
      '/api/v1/agencies',
      '/api/v1/categories',
      '/api/v1/services',
      '/api/v1/services/{code}',
    ])
      assert.ok(doc.body.paths[path]?.get, path);
    assert.deepEqual(doc.body.paths['/api/v1/services'].get.tags, ['catalogue']);
    assert.ok(doc.body.paths['/open-data/catalogue.csv']);
    assert.equal(doc.body.paths['/en/services'], undefined, 'pages are not API');
  });

  it('publishes the published catalogue as JSON and CSV', async () => {
    const data = await json('/open-data/catalogue.json');
    assert.equal(data.status, 200);
    assert.equal(data.body.format, 'egov-catalogue/1');
    assert.equal(data.body.agencies.length, 41);
    assert.ok(data.body.services.every((s: { status: string }) => s.status === 'published'));
    const csv = await t.app.inject('/open-data/catalogue.csv');
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0]?.split(',')[0], 'code');
    assert.equal(lines.length, data.body.services.length + 1);
    assert.match(csv.body, /"MLSPP-0002","MLSPP",/);
  });
});
