import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { popularServices } from '../statistics/index.ts';
import { TtlCache } from './cache.ts';
import type { CatalogueFile } from './catalogue.model.ts';
import {
  type AgencyRow,
  allAgencies,
  allCategories,
  type CategoryRow,
  findService,
  publishedCounts,
  type ServiceRow,
  servicesByCode,
  servicesOfAgency,
} from './catalogue.repository.ts';
import { exportCatalogue } from './export.ts';
import { type SearchQuery, type SearchResult, searchServices } from './search.ts';
import { NAMED_SERVICES } from './seed.ts';

/** Agencies and categories with their published service counts: small, read on almost every page. */
export interface Reference {
  agencies: AgencyRow[];
  categories: CategoryRow[];
  agencyByCode: Map<string, AgencyRow>;
  categoryByCode: Map<string, CategoryRow>;
  serviceCounts: { agencies: Map<string, number>; categories: Map<string, number> };
}

const POPULAR_DAYS = 30;
const CACHE_ENTRIES = 2000;
const CACHE_MS = 30_000;

/** The catalogue as the public pages, the API and open data read it, behind one cache. */
export class Catalogue {
  /** Reference data, service pages, open data. */
  private readonly cache: TtlCache;
  /** Search results and the answers built from them (API bodies, page fragments). */
  private results: TtlCache;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {
    this.cache = new TtlCache(clock, CACHE_ENTRIES, CACHE_MS);
    this.results = new TtlCache(clock, CACHE_ENTRIES, CACHE_MS);
  }

  /** After any change through this process. */
  invalidate(): void {
    this.cache.clear();
    this.results.clear();
  }

  /** Turns the cache of search results off (benchmarks measure every search reaching the database) or on. */
  setCaching(enabled: boolean): void {
    this.results = new TtlCache(this.clock, enabled ? CACHE_ENTRIES : 0, CACHE_MS);
  }

  reference(): Promise<Reference> {
    return this.cache.through('reference', async () => {
      const [agencies, categories, serviceCounts] = await Promise.all([
        allAgencies(this.db),
        allCategories(this.db),
        publishedCounts(this.db),
      ]);
      return {
        agencies,
        categories,
        agencyByCode: new Map(agencies.map((a) => [a.code, a])),
        categoryByCode: new Map(categories.map((c) => [c.code, c])),
        serviceCounts,
      };
    });
  }

  /** An answer built from search results (an API body, a page fragment), cached like them. */
  cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.results.through(`derived:${key}`, load);
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.results.through(`search:${JSON.stringify(query)}`, () => searchServices(this.db, query));
  }

  /** A published or retired service as the public may see it; drafts do not exist for the public. */
  async publicService(code: string): Promise<ServiceRow | undefined> {
    const row = await this.cache.through(`service:${code}`, () => findService(this.db, code));
    return row && row.status !== 'draft' ? row : undefined;
  }

  agencyServices(agency: string): Promise<ServiceRow[]> {
    return this.cache.through(`agency:${agency}`, () => servicesOfAgency(this.db, agency, 'published'));
  }

  /** The most used services of the last 30 days; the curated list until usage has been recorded. */
  popular(limit = 6): Promise<ServiceRow[]> {
    return this.cache.through(`popular:${limit}`, async () => {
      const since = new Date(this.clock.now().getTime() - POPULAR_DAYS * 24 * 3600 * 1000);
      const used = await popularServices(this.db, since, limit * 2);
      // Until enough has been used, the curated list fills the places left.
      const codes = [...new Set([...used.map((u) => u.serviceCode), ...NAMED_SERVICES])];
      const rows = (await servicesByCode(this.db, codes)).filter((r) => r.status === 'published');
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.flatMap((c) => byCode.get(c) ?? []).slice(0, limit);
    });
  }

  /** The whole published catalogue, as /open-data publishes it. */
  openData(): Promise<CatalogueFile> {
    return this.cache.through('open-data', () =>
      exportCatalogue(this.db, { publishedOnly: true, at: this.clock.now() }),
    );
  }
}
