import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import type { AgencyRecord, CategoryRecord, ServiceRecord, ServiceStatus } from './catalogue.model.ts';
import {
  catalogueAgencies,
  catalogueCategories,
  catalogueSearch,
  catalogueServices,
} from './catalogue.tables.ts';
import { normalise } from './normalise.ts';

export type ServiceRow = typeof catalogueServices.$inferSelect;
export type AgencyRow = typeof catalogueAgencies.$inferSelect;
export type CategoryRow = typeof catalogueCategories.$inferSelect;
type Executor = Db | Tx;

export function serviceRecord(row: ServiceRow): ServiceRecord {
  return {
    code: row.code,
    agency: row.agencyCode,
    kind: row.kind as ServiceRecord['kind'],
    name: row.name,
    authLevel: row.authLevel as ServiceRecord['authLevel'],
    categories: row.categories,
    summary: row.summary ?? null,
    description: row.description ?? null,
    audience: row.audience as ServiceRecord['audience'],
    channels: row.channels as ServiceRecord['channels'],
    fee: Number(row.fee),
    currency: row.currency,
    processingDays: row.processingDays ?? null,
    documents: row.documents ?? null,
    url: row.url ?? null,
    status: row.status as ServiceStatus,
  };
}

export function agencyRecord(row: AgencyRow): AgencyRecord {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind as AgencyRecord['kind'],
    website: row.website ?? null,
    contact: row.contact ?? null,
  };
}

export function categoryRecord(row: CategoryRow): CategoryRecord {
  return { code: row.code, name: row.name, position: row.position };
}

export async function knownCodes(db: Executor) {
  const agencies = await db.select({ code: catalogueAgencies.code }).from(catalogueAgencies);
  const categories = await db.select({ code: catalogueCategories.code }).from(catalogueCategories);
  return {
    agencies: new Set(agencies.map((r) => r.code)),
    categories: new Set(categories.map((r) => r.code)),
  };
}

export async function servicesByCode(db: Executor, codes: string[]): Promise<ServiceRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(catalogueServices).where(inArray(catalogueServices.code, codes));
}

export async function findService(db: Executor, code: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(catalogueServices).where(eq(catalogueServices.code, code));
  return row;
}

export async function findAgency(db: Executor, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db.select().from(catalogueAgencies).where(eq(catalogueAgencies.code, code));
  return row;
}

export async function allAgencies(db: Executor): Promise<AgencyRow[]> {
  return db.select().from(catalogueAgencies).orderBy(asc(catalogueAgencies.code));
}

export async function allCategories(db: Executor): Promise<CategoryRow[]> {
  return db
    .select()
    .from(catalogueCategories)
    .orderBy(asc(catalogueCategories.position), asc(catalogueCategories.code));
}

export async function allServices(db: Executor, status?: ServiceStatus): Promise<ServiceRow[]> {
  const query = db.select().from(catalogueServices);
  return (status ? query.where(eq(catalogueServices.status, status)) : query).orderBy(
    asc(catalogueServices.code),
  );
}

export async function servicesOfAgency(db: Executor, agency: string, status?: ServiceStatus) {
  const agencyMatch = eq(catalogueServices.agencyCode, agency);
  return db
    .select()
    .from(catalogueServices)
    .where(status ? and(agencyMatch, eq(catalogueServices.status, status)) : agencyMatch)
    .orderBy(asc(catalogueServices.code));
}

/** Published services per agency and per category, for the lists on the home and agency pages. */
export async function publishedCounts(db: Executor) {
  const byAgency = await db
    .select({ code: catalogueServices.agencyCode, count: sql<number>`count(*)::int` })
    .from(catalogueServices)
    .where(eq(catalogueServices.status, 'published'))
    .groupBy(catalogueServices.agencyCode);
  const byCategory = await db.execute(
    sql`select c as code, count(*)::int as count from ${catalogueServices}, unnest(${catalogueServices.categories}) c
        where ${catalogueServices.status} = 'published' group by c`,
  );
  return {
    agencies: new Map(byAgency.map((r) => [r.code, r.count])),
    categories: new Map(
      rowsOf<{ code: string; count: number }>(byCategory).map((r) => [r.code, Number(r.count)]),
    ),
  };
}

/** Rows of db.execute: node-postgres and PGlite results both carry them in `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const BATCH = 500;

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

export async function upsertCategories(tx: Tx, records: CategoryRecord[], at: Date): Promise<void> {
  for (const batch of batches(records))
    await tx
      .insert(catalogueCategories)
      .values(batch.map((r) => ({ ...r, updatedAt: at })))
      .onConflictDoUpdate({
        target: catalogueCategories.code,
        set: { name: sql`excluded.name`, position: sql`excluded.position`, updatedAt: at },
      });
}

export async function upsertAgencies(tx: Tx, records: AgencyRecord[], at: Date): Promise<void> {
  for (const batch of batches(records))
    await tx
      .insert(catalogueAgencies)
      .values(batch.map((r) => ({ ...r, updatedAt: at })))
      .onConflictDoUpdate({
        target: catalogueAgencies.code,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          website: sql`excluded.website`,
          contact: sql`excluded.contact`,
          updatedAt: at,
        },
      });
}

const SERVICE_COLUMNS = [
  'agencyCode',
  'kind',
  'name',
  'summary',
  'description',
  'authLevel',
  'categories',
  'audience',
  'channels',
  'fee',
  'currency',
  'processingDays',
  'documents',
  'url',
  'status',
] as const;

/** Writes new and changed services; a changed one gets the next version. Refreshes their search documents. */
export async function upsertServices(tx: Tx, records: ServiceRecord[], at: Date): Promise<void> {
  const set = Object.fromEntries(
    SERVICE_COLUMNS.map((c) => [c, sql.raw(`excluded.${catalogueServices[c].name}`)]),
  );
  for (const batch of batches(records)) {
    await tx
      .insert(catalogueServices)
      .values(batch.map((r) => ({ ...r, agencyCode: r.agency, createdAt: at, updatedAt: at })))
      .onConflictDoUpdate({
        target: catalogueServices.code,
        set: { ...set, version: sql`${catalogueServices.version} + 1`, updatedAt: at },
      });
    await refreshSearch(tx, batch);
  }
}

const CONFIGS = { az: 'simple', en: 'english', ru: 'russian' } as const;

/**
 * Rewrites the search documents of these services, three languages each. The texts are normalised
 * here (the same mapping as SQL catalogue_normalise, much faster than translate() over long tables);
 * PostgreSQL builds the weighted tsvectors. One JSON parameter per batch keeps any size in one statement.
 */
export async function refreshSearch(tx: Executor, records: ServiceRecord[]): Promise<void> {
  if (records.length === 0) return;
  const codes = JSON.stringify(records.map((r) => r.code));
  await tx.execute(
    sql`delete from ${catalogueSearch} where service_code in (select jsonb_array_elements_text(${codes}::jsonb))`,
  );
  const rows = records.flatMap((r) =>
    LANGUAGES.map((lang) => ({
      code: r.code,
      lang,
      cfg: CONFIGS[lang],
      name: normalise(r.name[lang]),
      summary: normalise(r.summary?.[lang] ?? ''),
      rest: normalise(`${r.description?.[lang] ?? ''} ${(r.documents?.[lang] ?? []).join(' ')}`),
    })),
  );
  await tx.execute(sql`
    insert into catalogue_search (service_code, lang, document, normalised)
    select v.code, v.lang,
      setweight(to_tsvector(v.cfg::regconfig, v.name), 'A') ||
      setweight(to_tsvector(v.cfg::regconfig, v.summary), 'B') ||
      setweight(to_tsvector(v.cfg::regconfig, v.rest), 'C'),
      v.name
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(code text, lang text, cfg text, name text, summary text, rest text)`);
}
