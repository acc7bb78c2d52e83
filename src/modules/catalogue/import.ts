import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { appendAudit } from '../audit/index.ts';
import {
  agencyRecord,
  categoryRecord,
  knownCodes,
  serviceRecord,
  servicesByCode,
  upsertAgencies,
  upsertCategories,
  upsertServices,
} from './catalogue.repository.ts';
import { catalogueAgencies, catalogueCategories } from './catalogue.tables.ts';
import { type ValidCatalogue, validateCatalogue } from './validate.ts';

const BULK = 1000;

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  categories: ImportCounts;
  agencies: ImportCounts;
  services: ImportCounts;
  /** Codes of the services created or changed (their search documents were rewritten). */
  changedServices: string[];
}

/** Who imports: an account from the admin area, or the command line / demo seeder (no account). */
export interface ImportActor {
  accountId?: string | null;
  role: string;
  agency?: string | null;
}

export interface ImportOptions {
  at: Date;
  actor: ImportActor;
  /** A short label for the audit entry, e.g. the file name. */
  source?: string;
  /** Check and count, write nothing. */
  dryRun?: boolean;
}

/** JSON with sorted keys, so that two records compare equal whatever order their fields came in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function diff<T extends { code: string }>(incoming: T[], existing: Map<string, T>) {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const changed: T[] = [];
  for (const record of incoming) {
    const current = existing.get(record.code);
    if (!current) counts.created++;
    else if (stableJson(current) !== stableJson(record)) counts.updated++;
    else {
      counts.unchanged++;
      continue;
    }
    changed.push(record);
  }
  return { counts, changed };
}

async function plan(tx: Tx, valid: ValidCatalogue) {
  const categoryCodes = valid.categories.map((c) => c.code);
  const agencyCodes = valid.agencies.map((a) => a.code);
  // One after another: a transaction is one connection, which runs one query at a time.
  const categories = categoryCodes.length
    ? await tx.select().from(catalogueCategories).where(inArray(catalogueCategories.code, categoryCodes))
    : [];
  const agencies = agencyCodes.length
    ? await tx.select().from(catalogueAgencies).where(inArray(catalogueAgencies.code, agencyCodes))
    : [];
  const services = await servicesByCode(
    tx,
    valid.services.map((s) => s.code),
  );
  return {
    categories: diff(valid.categories, new Map(categories.map((r) => [r.code, categoryRecord(r)]))),
    agencies: diff(valid.agencies, new Map(agencies.map((r) => [r.code, agencyRecord(r)]))),
    services: diff(valid.services, new Map(services.map((r) => [r.code, serviceRecord(r)]))),
  };
}

/**
 * Upserts a catalogue file by code, all or nothing: any invalid entry throws CatalogueImportError and
 * nothing is written. Entries equal to what is stored are not touched, so a second import of the
 * same file changes nothing (no new versions, no audit entry).
 */
export async function importCatalogue(db: Db, input: unknown, options: ImportOptions): Promise<ImportReport> {
  const report = await db.transaction((tx) => importInTransaction(tx, input, options));
  // After a bulk load the planner's statistics are stale until autovacuum runs; searches need them now.
  if (report.changedServices.length >= BULK)
    await db.execute(sql`analyze catalogue_services, catalogue_search`);
  return report;
}

async function importInTransaction(tx: Tx, input: unknown, options: ImportOptions): Promise<ImportReport> {
  const valid = validateCatalogue(input, await knownCodes(tx));
  const changes = await plan(tx, valid);
  const report: ImportReport = {
    categories: changes.categories.counts,
    agencies: changes.agencies.counts,
    services: changes.services.counts,
    changedServices: changes.services.changed.map((s) => s.code),
  };
  const anything =
    changes.categories.changed.length + changes.agencies.changed.length + changes.services.changed.length;
  if (options.dryRun || anything === 0) return report;
  await upsertCategories(tx, changes.categories.changed, options.at);
  await upsertAgencies(tx, changes.agencies.changed, options.at);
  await upsertServices(tx, changes.services.changed, options.at);
  await appendAudit(
    tx,
    {
      action: 'catalogue.import',
      actorAccountId: options.actor.accountId ?? null,
      actorRole: options.actor.role,
      actorAgency: options.actor.agency ?? null,
      subjectType: 'catalogue',
      details: {
        source: options.source ?? null,
        categories: report.categories,
        agencies: report.agencies,
        services: report.services,
        changedServices: report.changedServices.slice(0, 100),
      },
    },
    options.at,
  );
  return report;
}
