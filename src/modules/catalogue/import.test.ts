import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { auditLog } from '../audit/index.ts';
import { rowsOf } from './catalogue.repository.ts';
import { catalogueSearch, catalogueServices } from './catalogue.tables.ts';
import { exportCatalogue } from './export.ts';
import { importCatalogue } from './import.ts';
import { fixtureCatalogue } from './test-fixture.ts';
import { CatalogueImportError } from './validate.ts';

const at = new Date('2026-03-01T10:00:00Z');
const actor = { role: 'cli' };

async function snapshot(t: TestDatabase) {
  const { db } = t.database;
  const services = await db.select().from(catalogueServices).orderBy(catalogueServices.code);
  const audits = await db.select().from(auditLog);
  const search = await db.select().from(catalogueSearch);
  return { services, audits: audits.length, search: search.length };
}

async function rejected(t: TestDatabase, file: unknown): Promise<string> {
  const before = await snapshot(t);
  const error = await importCatalogue(t.database.db, file, { at, actor }).then(
    () => assert.fail('the import should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CatalogueImportError, String(error));
  assert.deepEqual(await snapshot(t), before, 'a refused import changes nothing');
  return error.message;
}

describe('catalogue import and export', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  it('imports a file, then changes nothing when the same file comes again', async () => {
    const first = await importCatalogue(t.database.db, fixtureCatalogue(), { at, actor, source: 'fixture' });
    assert.deepEqual(first.services, { created: 4, updated: 0, unchanged: 0 });
    assert.deepEqual(first.agencies, { created: 2, updated: 0, unchanged: 0 });
    const afterFirst = await snapshot(t);
    assert.equal(afterFirst.audits, 1);
    assert.equal(afterFirst.search, 12, 'one search document per service and language');
    const later = new Date('2026-03-02T10:00:00Z');
    const second = await importCatalogue(t.database.db, fixtureCatalogue(), { at: later, actor });
    assert.deepEqual(second.services, { created: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(await snapshot(t), afterFirst);
  });

  it('updates a changed service with a new version and rewrites its search document', async () => {
    const file = fixtureCatalogue();
    const service = file.services?.find((s) => s.code === 'MCHT-0001');
    assert.ok(service);
    service.name.en = 'Mobile number portability lookup';
    const report = await importCatalogue(t.database.db, file, { at, actor });
    assert.deepEqual(report.services, { created: 0, updated: 1, unchanged: 3 });
    assert.deepEqual(report.changedServices, ['MCHT-0001']);
    const rows = rowsOf<{ version: number; normalised: string }>(
      await t.database.db.execute(
        sql`select s.version, d.normalised from catalogue_services s join catalogue_search d
            on d.service_code = s.code and d.lang = 'en' where s.code = 'MCHT-0001'`,
      ),
    );
    assert.deepEqual(rows, [{ version: 2, normalised: 'mobile number portability lookup' }]);
  });

  it('refuses a file with an unknown agency, naming the entry, the field and the reason', async () => {
    const file = fixtureCatalogue();
    (file.services?.[1] as { agency: string }).agency = 'NOPE';
    const message = await rejected(t, file);
    assert.match(message, /services\[1\] "MLSPP-0001", field "agency": unknown agency "NOPE"/);
  });

  it('refuses unknown categories, bad kinds, missing languages and duplicate codes all at once', async () => {
    const file = fixtureCatalogue();
    const services = file.services ?? [];
    (services[0] as { categories: string[] }).categories = ['labour', 'space-travel'];
    (services[1] as { kind: string }).kind = 'teleport';
    (services[2] as unknown as { name: Record<string, string> }).name = { az: 'Ad', en: 'Name' };
    services.push({ ...(services[0] as (typeof services)[0]) });
    const message = await rejected(t, file);
    assert.match(
      message,
      /services\[0\] "MLSPP-0002", field "categories\[1\]": unknown category "space-travel"/,
    );
    assert.match(message, /services\[1\] "MLSPP-0001", field "kind": must be one of lookup, application/);
    assert.match(message, /services\[2\] "MCHT-0001", field "name\.ru": missing/);
    assert.match(message, /services\[4\] "MLSPP-0002", field "code": "MLSPP-0002" appears more than once/);
  });

  it('refuses text that PostgreSQL cannot store and fields the format does not have', async () => {
    const file = fixtureCatalogue();
    const service = (file.services ?? [])[0] as unknown as Record<string, unknown>;
    service.summary = { az: 'a\u0000b', en: '\ud800', ru: 'x' };
    service.authlevel = 'none';
    const message = await rejected(t, file);
    assert.match(message, /field "summary\.az": contains control characters/);
    assert.match(message, /field "summary\.en": is not valid Unicode text/);
    assert.match(message, /field "authlevel": is not a field of this entry/);
    assert.match(await rejected(t, 'not an object'), /must be a JSON object/);
    assert.match(await rejected(t, { services: 'x' }), /must be a list of entries/);
  });

  it('exports what it imported, in the same format, and the export imports as unchanged', async () => {
    const exported = await exportCatalogue(t.database.db);
    assert.equal(exported.format, 'egov-catalogue/1');
    assert.equal(exported.services?.length, 4);
    const draft = exported.services?.find((s) => s.code === 'MCHT-0099');
    assert.equal(draft?.status, 'draft');
    const published = await exportCatalogue(t.database.db, { publishedOnly: true });
    assert.equal(published.services?.length, 3);
    const again = await importCatalogue(t.database.db, JSON.parse(JSON.stringify(exported)), { at, actor });
    assert.deepEqual(again.services, { created: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(again.agencies, { created: 0, updated: 0, unchanged: 2 });
  });
});
