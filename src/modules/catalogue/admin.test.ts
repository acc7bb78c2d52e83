import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { catalogueServices } from './catalogue.tables.ts';

/** The edit form of a service as the page shows it, ready to post back. */
async function formOf(browser: BrowserLike, code: string): Promise<Record<string, string | string[]>> {
  const page = await browser.get(`/en/admin/catalogue/services/${code}`);
  assert.equal(page.statusCode, 200);
  const form: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = form[name];
    form[name] = existing === undefined ? value : [existing, value].flat();
  };
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  for (const m of page.body.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    const value = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const type = /type="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === '_csrf') continue;
    if ((type === 'radio' || type === 'checkbox') && !/\schecked/.test(attrs)) continue;
    add(name, value);
  }
  for (const m of page.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    add(m[1] as string, decode(m[2] ?? ''));
  const agency = /<option value="([^"]+)" selected/.exec(page.body)?.[1];
  if (agency) form.agency = agency;
  return form;
}

describe('catalogue admin area', () => {
  let t: TestApp;
  let agencyAdmin: BrowserLike;
  let portalAdmin: BrowserLike;
  let agencyAdminId: string;
  const lastAudit = async (subjectId: string) =>
    (
      await t.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subjectId, subjectId))
        .orderBy(desc(auditLog.id))
        .limit(1)
    )[0];

  before(async () => {
    t = await buildTestApp({ demo: true });
    const staff = await createStaff(t.database, { roles: [{ role: 'agency_admin', agencyCode: 'MLSPP' }] });
    agencyAdminId = staff.accountId;
    agencyAdmin = await loginAs(t.app, staff);
    portalAdmin = await loginAs(t.app, await createStaff(t.database, { roles: [{ role: 'portal_admin' }] }));
  });
  after(() => t.close());

  it('is only for portal and agency admins', async () => {
    const anonymous = await t.app.inject('/en/admin/catalogue');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/en\/login\?next=/);
    const resident = await loginAs(t.app, await createResident(t.database));
    assert.equal((await resident.get('/en/admin/catalogue')).statusCode, 403);
  });

  it('lets an agency admin edit their own service: versioned, searchable at once and audited', async () => {
    const list = await agencyAdmin.get('/en/admin/catalogue');
    assert.match(list.body, /href="\/en\/admin\/catalogue\/services\/MLSPP-0002"/);
    const form = await formOf(agencyAdmin, 'MLSPP-0002');
    assert.equal(form.version, '1');
    const saved = await agencyAdmin.post('/en/admin/catalogue/services/MLSPP-0002', {
      ...form,
      name_en: 'Apply for targeted social assistance online (quickly)',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const [row] = await t.database.db
      .select()
      .from(catalogueServices)
      .where(eq(catalogueServices.code, 'MLSPP-0002'));
    assert.equal(row?.version, 2);
    const page = await t.app.inject('/en/services/MLSPP-0002');
    assert.match(page.body, /online \(quickly\)/);
    const search = await t.app.inject('/api/v1/services?q=quickly');
    assert.equal(search.json().items[0].code, 'MLSPP-0002');
    const audit = await lastAudit('MLSPP-0002');
    assert.equal(audit?.action, 'catalogue.service.update');
    assert.equal(audit?.actorAccountId, agencyAdminId);
    assert.equal(audit?.actorRole, 'agency_admin');
    assert.equal(audit?.actorAgency, 'MLSPP');
    assert.deepEqual((audit?.details as { changed: string[] } | undefined)?.changed, ['name']);
  });

  it('keeps an agency admin out of other agencies’ services', async () => {
    assert.equal((await agencyAdmin.get('/en/admin/catalogue/services/MCHT-0001')).statusCode, 404);
    const form = await formOf(portalAdmin, 'MCHT-0001');
    const post = await agencyAdmin.post('/en/admin/catalogue/services/MCHT-0001', form);
    assert.equal(post.statusCode, 404);
    await agencyAdmin.get('/en/admin/catalogue/services/new');
    const moved = await agencyAdmin.post('/en/admin/catalogue/services/new', { ...form, code: 'MCHT-0777' });
    assert.equal(moved.statusCode, 400, 'cannot create a service of another agency');
    assert.equal((await agencyAdmin.get('/en/admin/catalogue/agencies/MCHT')).statusCode, 404);
  });

  it('creates a draft that the public cannot see until it is published', async () => {
    await agencyAdmin.get('/en/admin/catalogue/services/new?agency=MLSPP');
    const draft = {
      code: 'mlspp-0900',
      agency: 'MLSPP',
      name_az: 'Sınaq xidməti',
      name_en: 'Zebra crossing allowance',
      name_ru: 'Тестовая услуга',
      kind: 'lookup',
      authLevel: 'none',
      status: 'draft',
      categories: ['labour'],
      fee: '0',
      currency: 'AZN',
    };
    const created = await agencyAdmin.post('/en/admin/catalogue/services/new', draft);
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    assert.equal((await t.app.inject('/en/services/MLSPP-0900')).statusCode, 404);
    assert.equal((await t.app.inject('/api/v1/services/MLSPP-0900')).statusCode, 404);
    assert.equal((await t.app.inject('/api/v1/services?q=zebra')).json().total, 0);
    const list = await agencyAdmin.get('/en/admin/catalogue');
    assert.match(list.body, /MLSPP-0900/);
    const form = await formOf(agencyAdmin, 'MLSPP-0900');
    assert.equal(
      (await agencyAdmin.post('/en/admin/catalogue/services/MLSPP-0900', { ...form, status: 'published' }))
        .statusCode,
      303,
    );
    assert.equal((await t.app.inject('/api/v1/services?q=zebra')).json().items[0].code, 'MLSPP-0900');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, 'MLSPP-0900'), eq(auditLog.action, 'catalogue.service.create')));
    assert.equal(audit.length, 1);
  });

  it('explains form errors in the language of the page and saves nothing', async () => {
    const form = await formOf(agencyAdmin, 'MLSPP-0001');
    await agencyAdmin.get('/ru/admin/catalogue/services/MLSPP-0001');
    const bad = await agencyAdmin.post('/ru/admin/catalogue/services/MLSPP-0001', {
      ...form,
      name_ru: '',
      fee: 'дорого',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /class="govuk-error-summary"/);
    assert.match(bad.body, /href="#name_ru">Название \(на русском\): заполните это поле/);
    assert.match(bad.body, /href="#fee">Стоимость: недопустимое значение/);
    const stale = await agencyAdmin.post('/en/admin/catalogue/services/MLSPP-0001', {
      ...form,
      version: '0',
    });
    assert.equal(stale.statusCode, 400);
    assert.match(stale.body, /Someone else changed this service/);
    const [row] = await t.database.db
      .select()
      .from(catalogueServices)
      .where(eq(catalogueServices.code, 'MLSPP-0001'));
    assert.equal(row?.version, 1);
  });

  it('lets a portal admin edit any agency and add one, audited', async () => {
    await portalAdmin.get('/en/admin/catalogue/agencies/MCHT');
    const saved = await portalAdmin.post('/en/admin/catalogue/agencies/MCHT', {
      name_az: 'Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi',
      name_en: 'Ministry of Digital Development and Transport',
      name_ru: 'Министерство цифрового развития и транспорта',
      kind: 'ministry',
      website: 'https://mincom.gov.az',
      phone: '+994 12 598 58 58',
      email: 'info@mincom.gov.az',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    assert.match(
      (await t.app.inject('/en/agencies/MCHT')).body,
      /Ministry of Digital Development and Transport/,
    );
    assert.equal((await lastAudit('MCHT'))?.actorRole, 'portal_admin');
    await portalAdmin.get('/en/admin/catalogue/agencies/new');
    const created = await portalAdmin.post('/en/admin/catalogue/agencies/new', {
      code: 'newag',
      name_az: 'Yeni Agentlik',
      name_en: 'New Agency',
      name_ru: 'Новое агентство',
      kind: 'agency',
    });
    assert.equal(created.statusCode, 303);
    assert.equal((await t.app.inject('/en/agencies/NEWAG')).statusCode, 200);
    assert.equal((await agencyAdmin.get('/en/admin/catalogue/agencies/new')).statusCode, 403);
  });

  it('refuses a form posted without the CSRF token', async () => {
    const res = await agencyAdmin.post('/en/admin/catalogue/services/MLSPP-0001', {
      _csrf: 'forged',
      name_en: 'x',
    });
    assert.equal(res.statusCode, 403);
  });
});
