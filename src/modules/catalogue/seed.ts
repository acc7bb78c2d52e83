import fs from 'node:fs';
import type { Seeder } from '../../platform/db/seed.ts';
import type { CatalogueFile, ServiceEntry } from './catalogue.model.ts';
import { importCatalogue } from './import.ts';

/** The services the reference portal's 2016 report names; the home page's curated "popular" list. */
export const NAMED_SERVICES = [
  'MCHT-0001',
  'MLSPP-0001',
  'SSAC-0001',
  'SSAC-0002',
  'MLSPP-0002',
  'MCHT-0002',
] as const;

function readDemo<T>(name: string): T {
  return JSON.parse(fs.readFileSync(new URL(`./demo/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** The demo catalogue: 41 agencies and 423 services; the test cut keeps the named ones and two per agency. */
export function demoCatalogue(profile: 'demo' | 'test'): CatalogueFile {
  const services = readDemo<ServiceEntry[]>('services');
  const file: CatalogueFile = {
    categories: readDemo('categories'),
    agencies: readDemo('agencies'),
    services,
  };
  if (profile === 'demo') return file;
  const perAgency = new Map<string, number>();
  file.services = services.filter((s) => {
    const seen = perAgency.get(s.agency) ?? 0;
    perAgency.set(s.agency, seen + 1);
    return seen < 2 || (NAMED_SERVICES as readonly string[]).includes(s.code);
  });
  return file;
}

export const catalogueSeeder: Seeder = {
  name: 'catalogue',
  async run(context) {
    await importCatalogue(context.database.db, demoCatalogue(context.profile), {
      at: context.clock.now(),
      actor: { role: 'seed' },
      source: `demo (${context.profile})`,
    });
  },
};
