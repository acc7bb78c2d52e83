import type { Db } from '../../platform/db/client.ts';
import {
  type AgencyEntry,
  type CatalogueFile,
  type CategoryEntry,
  FORMAT,
  type ServiceEntry,
} from './catalogue.model.ts';
import {
  type AgencyRow,
  agencyRecord,
  allAgencies,
  allCategories,
  allServices,
  type CategoryRow,
  type ServiceRow,
  serviceRecord,
} from './catalogue.repository.ts';

/** Leaves out empty optional fields, so an exported file reads like a hand-written one. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function categoryEntry(row: CategoryRow): CategoryEntry {
  return { code: row.code, name: row.name, position: row.position };
}

export function agencyEntry(row: AgencyRow): AgencyEntry {
  return compact(agencyRecord(row)) as AgencyEntry;
}

export function serviceEntry(row: ServiceRow): ServiceEntry {
  return compact({ ...serviceRecord(row), version: row.version }) as ServiceEntry;
}

/** The whole catalogue in the import format; `publishedOnly` is what open data publishes. */
export async function exportCatalogue(
  db: Db,
  options: { publishedOnly?: boolean; at?: Date } = {},
): Promise<CatalogueFile> {
  const [categories, agencies, services] = await Promise.all([
    allCategories(db),
    allAgencies(db),
    allServices(db, options.publishedOnly ? 'published' : undefined),
  ]);
  return {
    format: FORMAT,
    ...(options.at ? { generatedAt: options.at.toISOString() } : {}),
    categories: categories.map(categoryEntry),
    agencies: agencies.map(agencyEntry),
    services: services.map(serviceEntry),
  };
}
