import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { Audience, AuthLevel, Localised, ServiceKind } from './catalogue.model.ts';
import { rowsOf } from './catalogue.repository.ts';
import { tokenize } from './normalise.ts';

export interface SearchFilters {
  agency?: string;
  category?: string;
  kind?: ServiceKind;
  authLevel?: AuthLevel;
  audience?: Audience;
}

export interface SearchQuery extends SearchFilters {
  q: string;
  lang: Language;
  sort: 'relevance' | 'name';
  page: number;
  limit: number;
}

export interface SearchHit {
  code: string;
  agencyCode: string;
  agencyName: Localised;
  kind: ServiceKind;
  authLevel: AuthLevel;
  name: Localised;
  summary: Localised | null;
  audience: Audience[];
  categories: string[];
  fee: number;
  currency: string;
  processingDays: number | null;
  score: number;
  /** The language whose document matched best (a query may be typed in any of the three). */
  matchLang: Language | null;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** browse: no words; fulltext: every word found; fuzzy: found by trigram similarity (a typo). */
  mode: 'browse' | 'fulltext' | 'fuzzy';
  /** Normalised query words. */
  words: string[];
  /** Stems the full-text query looked for (for highlighting). */
  stems: string[];
}

export const MAX_WORDS = 10;
const FUZZY_THRESHOLD = '0.5';
const CONFIGS = { az: 'simple', en: 'english', ru: 'russian' } as const;

/** Normalised words of a query, at most MAX_WORDS, each at most 50 characters. */
export function queryWords(q: string): string[] {
  return tokenize(q)
    .slice(0, MAX_WORDS)
    .map((t) => t.word.slice(0, 50));
}

/**
 * A to_tsquery text: every word must occur, as a prefix (so "sosial" finds "sosialyönümlü" and a
 * half-typed word works), optionally only in the given weights (A name, B summary). Words are letters
 * and digits only, so nothing in them is tsquery syntax.
 */
function tsqueryText(words: string[], weights = ''): string {
  return words
    .map((w) => (w.length >= 2 ? `'${w}':*${weights}` : `'${w}'${weights ? `:${weights}` : ''}`))
    .join(' & ');
}

function filterSql(filters: SearchFilters): SQL {
  const parts = [sql`s.status = 'published'`];
  if (filters.agency) parts.push(sql`s.agency_code = ${filters.agency}`);
  if (filters.category) parts.push(sql`s.categories @> array[${filters.category}::text]`);
  if (filters.kind) parts.push(sql`s.kind = ${filters.kind}`);
  if (filters.authLevel) parts.push(sql`s.auth_level = ${filters.authLevel}`);
  if (filters.audience) parts.push(sql`s.audience @> array[${filters.audience}::text]`);
  return sql.join(parts, sql` and `);
}

const HIT_COLUMNS = sql`s.code, s.agency_code as "agencyCode", a.name as "agencyName", s.kind,
  s.auth_level as "authLevel", s.name, s.summary, s.audience, s.categories, s.fee::float8 as fee, s.currency,
  s.processing_days as "processingDays"`;
const COLUMNS = sql`${HIT_COLUMNS}, count(*) over ()::int as total`;

/**
 * The normalised name in the page's language, which sorting by name uses; by relevance equal scores are
 * ordered by code instead, which spares a lookup per match.
 */
function nameJoin(query: SearchQuery): SQL {
  if (query.sort !== 'name') return sql``;
  return sql`join catalogue_search n on n.service_code = s.code and n.lang = ${query.lang}`;
}

function pageSql(query: SearchQuery, order: SQL): SQL {
  return sql`order by ${query.sort === 'name' ? sql`n.normalised, s.code` : sql`${order}, s.code`}
    limit ${query.limit} offset ${(query.page - 1) * query.limit}`;
}

function perLanguage(words: string[], weights: string): SQL {
  const text = tsqueryText(words, weights);
  const parts = Object.entries(CONFIGS).map(
    ([lang, config]) => sql`when ${lang} then to_tsquery(${config}::regconfig, ${text})`,
  );
  return sql`(case d.lang ${sql.join(parts, sql` `)} end)`;
}

function fulltextSql(query: SearchQuery, words: string[]): SQL {
  const text = tsqueryText(words);
  const matches = Object.entries(CONFIGS).map(
    ([lang, config]) => sql`(d.lang = ${lang} and d.document @@ to_tsquery(${config}::regconfig, ${text}))`,
  );
  // A name match ranks above a summary match above a description match, whatever ts_rank says.
  const tier = sql`(case when d.document @@ ${perLanguage(words, 'A')} then 3
    when d.document @@ ${perLanguage(words, 'AB')} then 2 else 1 end)`;
  return sql`
    with best as (
      select distinct on (d.service_code) d.service_code, d.lang,
        ${tier} + ts_rank(d.document, ${perLanguage(words, '')}) as score
      from catalogue_search d
      where ${sql.join(matches, sql` or `)}
      order by d.service_code, score desc
    )
    select ${COLUMNS}, b.score::float8 as score, b.lang as "matchLang"
    from best b join catalogue_services s on s.code = b.service_code join catalogue_agencies a on a.code = s.agency_code
    ${nameJoin(query)}
    where ${filterSql(query)}
    ${pageSql(query, sql`b.score desc`)}`;
}

function fuzzySql(query: SearchQuery, words: string[]): SQL {
  const phrase = words.join(' ');
  return sql`
    with best as (
      select distinct on (d.service_code) d.service_code, d.lang,
        word_similarity(${phrase}, d.normalised) as score
      from catalogue_search d
      where d.normalised %> ${phrase}
      order by d.service_code, score desc
    )
    select ${COLUMNS}, b.score::float8 as score, b.lang as "matchLang"
    from best b join catalogue_services s on s.code = b.service_code join catalogue_agencies a on a.code = s.agency_code
    ${nameJoin(query)}
    where ${filterSql(query)}
    ${pageSql(query, sql`b.score desc`)}`;
}

/**
 * Browsing reads one page in name order from the (lang, normalised) index and counts separately, so the
 * first pages of a large catalogue never sort all of it.
 */
function browseSql(query: SearchQuery): SQL {
  return sql`select ${HIT_COLUMNS}, 0::float8 as score, null as "matchLang"
    from catalogue_search n join catalogue_services s on s.code = n.service_code
    join catalogue_agencies a on a.code = s.agency_code
    where n.lang = ${query.lang} and ${filterSql(query)}
    order by n.normalised, n.service_code
    limit ${query.limit} offset ${(query.page - 1) * query.limit}`;
}

type Row = SearchHit & { total: number };
type Mode = SearchResult['mode'];

async function browse(db: Db, query: SearchQuery): Promise<Row[]> {
  const [count] = rowsOf<{ total: number }>(
    await db.execute(sql`select count(*)::int as total from catalogue_services s where ${filterSql(query)}`),
  );
  const rows = rowsOf<SearchHit>(await db.execute(browseSql(query)));
  return rows.map((r) => ({ ...r, total: count?.total ?? 0 }));
}

async function run(db: Db, query: SearchQuery, words: string[], mode: Mode): Promise<Row[]> {
  if (mode === 'browse') return browse(db, query);
  if (mode === 'fulltext') return rowsOf<Row>(await db.execute(fulltextSql(query, words)));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${FUZZY_THRESHOLD}, true)`);
    return rowsOf<Row>(await tx.execute(fuzzySql(query, words)));
  });
}

/** The number of hits when the requested page is past the end (its rows cannot tell). */
async function totalOf(db: Db, query: SearchQuery, words: string[], mode: Mode): Promise<number> {
  const [first] = await run(db, { ...query, page: 1, limit: 1 }, words, mode);
  return first?.total ?? 0;
}

/** The stems PostgreSQL looks for, per language, so that highlighting marks what the search matched. */
async function stemsOf(db: Db, words: string[]): Promise<string[]> {
  const text = tsqueryText(words);
  const rows = rowsOf<{ q: string }>(
    await db.execute(sql`select concat_ws(' ', to_tsquery('simple', ${text})::text,
      to_tsquery('english', ${text})::text, to_tsquery('russian', ${text})::text) as q`),
  );
  return [...new Set([...(rows[0]?.q ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] as string))];
}

/**
 * Full-text search in the three languages; when nothing has every word (a typo), trigram similarity
 * on the normalised names. A page past the end has no hits, and the total still says how many there are.
 */
export async function searchServices(db: Db, query: SearchQuery): Promise<SearchResult> {
  const words = queryWords(query.q);
  let mode: Mode = words.length === 0 ? 'browse' : 'fulltext';
  let rows = await run(db, query, words, mode);
  let total = rows[0]?.total ?? (query.page > 1 ? await totalOf(db, query, words, mode) : 0);
  if (mode === 'fulltext' && total === 0) {
    mode = 'fuzzy';
    rows = await run(db, query, words, mode);
    total = rows[0]?.total ?? (query.page > 1 ? await totalOf(db, query, words, mode) : 0);
  }
  const hits = rows.map(({ total: _total, ...hit }) => hit);
  const stems = mode === 'fulltext' ? await stemsOf(db, words) : [];
  return { total, hits, mode, words, stems };
}
