import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import type { CatalogueFile, Localised } from './catalogue.model.ts';
import { rowsOf } from './catalogue.repository.ts';
import { highlight } from './highlight.ts';
import { importCatalogue } from './import.ts';
import { normalise } from './normalise.ts';
import { NORMALISE_FROM } from './normalise-table.ts';
import { type SearchQuery, searchServices } from './search.ts';
import { fixtureCatalogue } from './test-fixture.ts';

const same = (text: string): Localised => ({ az: text, en: text, ru: text });

/** Three services where "pension" is in the name, only the summary, or only the description. */
function rankingFile(): CatalogueFile {
  const base = {
    agency: 'MLSPP',
    kind: 'lookup' as const,
    authLevel: 'none' as const,
    categories: ['labour'],
  };
  return {
    services: [
      {
        ...base,
        code: 'RANK-DESC',
        name: same('Alpha record'),
        description: same('The pension is explained here.'),
      },
      { ...base, code: 'RANK-SUMMARY', name: same('Beta record'), summary: same('Shows your pension.') },
      { ...base, code: 'RANK-NAME', name: same('Gamma pension record') },
    ],
  };
}

describe('catalogue search', () => {
  let t: TestDatabase;
  const search = (q: string, extra: Partial<SearchQuery> = {}) =>
    searchServices(t.database.db, { q, lang: 'en', sort: 'relevance', page: 1, limit: 20, ...extra });
  const codes = async (q: string, extra: Partial<SearchQuery> = {}) =>
    (await search(q, extra)).hits.map((h) => h.code);

  before(async () => {
    t = await createTestDatabase();
    const options = { at: new Date('2026-03-01T10:00:00Z'), actor: { role: 'test' } };
    await importCatalogue(t.database.db, fixtureCatalogue(), options);
    await importCatalogue(t.database.db, rankingFile(), options);
  });
  after(() => t.drop());

  it('normalises exactly as the SQL function does, for every mapped letter', async () => {
    const sample = `${NORMALISE_FROM} Mobil Nömrə ƏĞIİÖŞÇÜ Ёлка Йод ß 中文 😀`;
    const [row] = rowsOf<{ n: string }>(
      await t.database.db.execute(sql`select catalogue_normalise(${sample}) as n`),
    );
    assert.equal(row?.n, normalise(sample));
    assert.equal(normalise('Mobil Nömrə'), 'mobil nomre');
    assert.equal(normalise('ŞİFRƏ ığ'), 'sifre ig');
  });

  it('ranks a name match above a summary match above a description match', async () => {
    assert.deepEqual(await codes('pension'), ['RANK-NAME', 'RANK-SUMMARY', 'RANK-DESC']);
  });

  it('finds services in each language, with stemming in English and Russian', async () => {
    assert.deepEqual(await codes('social assistance'), ['MLSPP-0002', 'MLSPP-0001']);
    assert.deepEqual(await codes('социальной помощи'), ['MLSPP-0002']);
    assert.deepEqual(await codes('sosial yardım'), ['MLSPP-0002']);
    assert.equal((await search('sosial')).mode, 'fulltext');
  });

  it('matches Azerbaijani letters with their Latin look-alikes both ways', async () => {
    for (const q of ['mobil nomre', 'mobil nömrə', 'MOBİL NÖMRƏ', 'Mobil Nomrenin'])
      assert.deepEqual(await codes(q), ['MCHT-0001'], q);
    assert.deepEqual(await codes('unvanli dovlet'), ['MLSPP-0002']);
  });

  it('still finds a service when the words are misspelt', async () => {
    const result = await search('socal asistance');
    assert.equal(result.mode, 'fuzzy');
    assert.equal(result.hits[0]?.code, 'MLSPP-0002');
    assert.deepEqual(await codes('mobil nomrenn baska'), ['MCHT-0001']);
  });

  it('never shows drafts, and filters by agency, category, login level, kind and audience', async () => {
    assert.deepEqual(await codes('draft phone directory'), []);
    assert.equal((await search('')).total, 6);
    assert.deepEqual(await codes('', { agency: 'MCHT' }), ['MCHT-0001']);
    assert.deepEqual(await codes('', { category: 'social-protection' }), ['MLSPP-0002']);
    assert.deepEqual(await codes('', { authLevel: 'esignature' }), ['MLSPP-0001']);
    assert.deepEqual(await codes('', { audience: 'businesses' }), ['MLSPP-0001']);
    assert.deepEqual(await codes('record', { kind: 'application' }), []);
  });

  it('sorts by name in the page language and pages through the results', async () => {
    const all = await codes('', { sort: 'name' });
    const page2 = await search('', { limit: 2, page: 2 });
    assert.equal(page2.total, 6);
    assert.deepEqual(
      page2.hits.map((h) => h.code),
      all.slice(2, 4),
    );
    const past = await search('record', { page: 9 });
    assert.deepEqual([past.total, past.hits.length], [3, 0]);
    const byName = await codes('record', { sort: 'name' });
    assert.deepEqual(byName, ['RANK-DESC', 'RANK-SUMMARY', 'RANK-NAME']);
  });

  it('treats SQL, tsquery and HTML metacharacters, long input and odd Unicode as plain words', async () => {
    for (const q of [
      "'; drop table catalogue_services; --",
      "social' & !assistance | (:*",
      '<script>alert(1)</script>',
      '\ud800 social \udfff',
      '\u0000\u0007',
      'a'.repeat(10_000),
      '* & | ! : ( )',
    ]) {
      const result = await search(q);
      assert.ok(result.total >= 0, q.slice(0, 20));
    }
    assert.equal((await search('social <b>assistance</b>')).hits[0]?.code, 'MLSPP-0002');
  });

  it('highlights the matched words in the original spelling', async () => {
    const result = await search('nomre');
    const name = 'Mobil nömrənin başqa şəbəkəyə keçirilməsi';
    const marked = highlight(name, result).filter((s) => s.hit);
    assert.deepEqual(
      marked.map((s) => s.text),
      ['nömrənin'],
    );
    const fuzzy = await search('socal asistance');
    const pieces = highlight('Apply for targeted social assistance', fuzzy);
    assert.deepEqual(
      pieces.filter((s) => s.hit).map((s) => s.text),
      ['social', 'assistance'],
    );
    assert.equal(pieces.map((s) => s.text).join(''), 'Apply for targeted social assistance');
  });
});
