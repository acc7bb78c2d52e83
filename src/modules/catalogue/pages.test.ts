import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { recordEvent } from '../statistics/index.ts';

describe('catalogue pages', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject(url);
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  it('shows the curated popular services, the categories and the agencies on the home page', async () => {
    const res = await get('/en');
    assert.equal(res.statusCode, 200);
    const popular = res.body.slice(res.body.indexOf('id="popular"'), res.body.indexOf('id="categories"'));
    const order = ['MCHT-0001', 'MLSPP-0001', 'SSAC-0001', 'SSAC-0002', 'MLSPP-0002', 'MCHT-0002'];
    assert.deepEqual(
      [...popular.matchAll(/\/en\/services\/([A-Z0-9-]+)"/g)].map((m) => m[1]),
      order,
    );
    assert.match(res.body, /href="\/en\/services\?category=social-protection">Social protection<\/a>/);
    assert.match(res.body, /href="\/en\/agencies">See all 41 agencies<\/a>/);
    assert.match(res.body, /<a class="govuk-service-navigation__link" href="\/en\/services"/);
  });

  it('puts the most used services of the last 30 days first once usage is recorded', async () => {
    const now = t.clock.now();
    const old = new Date(now.getTime() - 40 * 24 * 3600 * 1000);
    await t.database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++)
        await recordEvent(tx, {
          type: 'service_use',
          at: now,
          serviceCode: 'SSAC-0002',
          agencyCode: 'SSAC',
          channel: 'web',
        });
      for (let i = 0; i < 9; i++)
        await recordEvent(tx, {
          type: 'service_use',
          at: old,
          serviceCode: 'MCHT-0002',
          agencyCode: 'MCHT',
          channel: 'web',
        });
    });
    t.app.catalogue.invalidate();
    const res = await get('/az');
    const popular = res.body.slice(res.body.indexOf('id="popular"'), res.body.indexOf('id="categories"'));
    assert.equal(/\/az\/services\/([A-Z0-9-]+)"/.exec(popular)?.[1], 'SSAC-0002');
  });

  it('searches with a typo, highlights the words and counts the results in Russian', async () => {
    const res = await get('/ru/services?q=socal+asistance');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/ru\/services\/MLSPP-0002"/);
    assert.match(res.body, /<mark class="egov-highlight">social<\/mark>/);
    assert.match(res.body, /lang="en"/, 'the English name that matched is shown, marked as English');
    const az = await get('/az/services?q=mobil+nomre');
    assert.match(az.body, /<mark class="egov-highlight">Nömrə<\/mark>/);
    assert.match(az.body, /“mobil nomre” üzrə 1 xidmət tapıldı/);
  });

  it('filters, sorts and pages the catalogue, keeping the filters in the page links', async () => {
    const all = await get('/en/services?sort=name');
    const total = Number(/(\d+) services/.exec(all.body)?.[1]);
    assert.ok(total > 40, `${total} services in the test cut`);
    assert.match(all.body, /class="govuk-pagination"/);
    const page2 = await get('/en/services?sort=name&page=2');
    assert.match(page2.body, /<ol class="govuk-list egov-results" start="21">/);
    const filtered = await get('/en/services?agency=MLSPP&authLevel=passcode');
    assert.match(filtered.body, /<option value="MLSPP" selected>/);
    assert.doesNotMatch(filtered.body, /href="\/en\/services\/MCHT-/);
    const kind = await get('/en/services?kind=lookup&category=communications&audience=residents');
    assert.match(kind.body, /MCHT-0001/);
  });

  it('helps when nothing is found', async () => {
    const res = await get('/en/services?q=zzzzqqq+xxxyyy&agency=MLSPP');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No services match your search/);
    assert.match(res.body, /search again without the filters/);
  });

  it('never answers bad input with a 500, and says what was wrong', async () => {
    const cases = [
      `/en/services?q=${'a'.repeat(10_000)}`,
      "/en/services?q=';drop table catalogue_services;--",
      '/en/services?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '/en/services?q=%ED%A0%80%F0%9F',
      '/en/services?q=%00%07',
      '/en/services?q=',
      '/en/services?agency=NOPE&category=%3Cb%3E&kind=x&authLevel=y&audience=z&sort=w',
      '/en/services?page=-1',
      '/en/services?page=99999999999',
      '/en/services?page=999',
      '/en/services?q[]=a&q[]=b&agency[x]=1',
    ];
    for (const url of cases) {
      const res = await get(url);
      assert.ok(res.statusCode < 500, `${url.slice(0, 60)} gave ${res.statusCode}`);
      assert.doesNotMatch(res.body, /<script>alert/);
    }
    const long = await get(`/en/services?q=${'a'.repeat(10_000)}`);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Your search must be 200 characters or fewer/);
    const unknown = await get('/en/services?agency=NOPE');
    assert.match(unknown.body, /The agency “NOPE” does not exist, so it was ignored/);
    assert.match(unknown.body, /href="#agency"/);
    const past = await get('/en/services?page=999');
    assert.match(past.body, /This page is past the last page of results/);
    const badPage = await get('/ru/services?page=abc');
    assert.match(badPage.body, /Номер страницы: значение «abc» недопустимо/);
  });

  it('describes a service: who, login level, fee, time, documents and a start button', async () => {
    const res = await get('/en/services/MLSPP-0002');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Apply for targeted social assistance<\/h1>/);
    assert.match(res.body, /Log in with your passcode or e-signature/);
    assert.match(res.body, /Free/);
    assert.match(res.body, /working days?/);
    const start = encodeURIComponent('/en/services/MLSPP-0002/start');
    assert.match(res.body, new RegExp(`href="/en/login\\?next=${start}"[^>]*govuk-button--start`));
    const open = await get('/az/services/MCHT-0001');
    assert.match(open.body, /href="\/az\/services\/MCHT-0001\/start"[^>]*govuk-button--start/);
    assert.equal((await get('/en/services/NOPE-0001')).statusCode, 404);
    assert.equal((await get('/en/services/%3Cx%3E')).statusCode, 404);
  });

  it('lists the agencies by kind and shows one with its contacts and services', async () => {
    const list = await get('/ru/agencies');
    assert.match(list.body, /Министерства/);
    assert.match(
      list.body,
      /href="\/ru\/agencies\/MLSPP">Министерство труда и социальной защиты населения<\/a>/,
    );
    const agency = await get('/en/agencies/MLSPP');
    assert.match(agency.body, /href="https:\/\/www\.mlspp\.gov\.az"/);
    assert.match(agency.body, /href="mailto:info@mlspp\.gov\.az"/);
    assert.match(agency.body, /href="\/en\/services\/MLSPP-0001"/);
    assert.equal((await get('/en/agencies/NOPE')).statusCode, 404);
  });

  it('lists the open data sets', async () => {
    const res = await get('/open-data');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/open-data\/catalogue\.csv"/);
    const en = await get('/en/open-data');
    assert.match(en.body, /Catalogue of electronic services \(JSON\)/);
  });
});
