import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Seeder } from '../../platform/db/seed.ts';
import { prng } from '../../platform/random.ts';
import { pseudonym } from '../../platform/secret.ts';
import { insertPageviews, type PageviewRow } from './pageviews.repository.ts';
import { addDays, localDate } from './period.ts';
import { sessionise } from './sessionise.ts';

// Shaped like the reference half-year (1,098,633 users; 4,358,015 visits; 14,567,831 pageviews;
// 5 min 8 s per visit; 23.9% of users new), scaled down. Deterministic, so tests can rely on it.
const PAGES_PER_VISIT = 14_567_831 / 4_358_015;
const SECONDS_PER_VISIT = 308;
const DAYS = 365;
const TIME_ZONE = 'Asia/Baku';
// Baku has kept UTC+4 all year since 2016; the demo sessionises in Asia/Baku (a server configured
// otherwise rebuilds the visits in its own zone on its first run).
const BAKU_OFFSET = '+04:00';

type Rng = () => number;

function pick<T>(rng: Rng, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return (weighted[weighted.length - 1] as [T, number])[0];
}

const exponential = (rng: Rng, mean: number) => -Math.log(1 - rng()) * mean;

/** Service codes of the demo catalogue when it is there (same codes on the pages), else made-up ones. */
function serviceCodes(): string[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../catalogue/demo/services.json');
  try {
    const services = JSON.parse(fs.readFileSync(file, 'utf8')) as { code: string }[];
    if (services.length > 0) return services.map((s) => s.code);
  } catch {
    // the catalogue demo data is optional here
  }
  return Array.from({ length: 423 }, (_, i) => `SVC-${String(i + 1).padStart(4, '0')}`);
}

interface Visitor {
  key: string | null;
  arrival: number;
  leaves: number;
  device: string;
  lang: string;
}

const ENTRY: [string, number][] = [
  ['home', 35],
  ['service', 30],
  ['catalogue', 20],
  ['agency', 5],
  ['statistics', 3],
  ['verify', 4],
  ['information', 3],
];
const NEXT: [string, number][] = [
  ['service', 45],
  ['catalogue', 22],
  ['account', 15],
  ['agency', 8],
  ['home', 6],
  ['information', 4],
];
const REFERRERS: [string | null, number][] = [
  [null, 55],
  ['google.com', 25],
  ['yandex.ru', 6],
  ['facebook.com', 5],
  ['asan.gov.az', 4],
  ['president.az', 3],
  ['bing.com', 2],
];
const HOURS: [number, number][] = Array.from({ length: 17 }, (_, i) => [i + 7, i >= 2 && i <= 10 ? 3 : 1]);

class DemoGenerator {
  private readonly rng = prng(20160701);
  private readonly codes = serviceCodes();
  private readonly agencies = [...new Set(this.codes.map((c) => c.split('-')[0] as string))];
  readonly visitors: Visitor[] = [];
  private cumulative: number[] = [];

  constructor(
    private readonly secret: string,
    private readonly totalVisits: number,
  ) {
    // Most users were there before: a population active from the start, then steady arrivals.
    const existing = Math.round(totalVisits * 0.125);
    const arrivals = Math.round(totalVisits * 0.05);
    for (let i = 0; i < existing + arrivals; i++) {
      const arrival = i < existing ? -1 : Math.floor(this.rng() * DAYS);
      this.addVisitor(i, arrival);
    }
    let sum = 0;
    this.cumulative = this.visitors.map((v) => {
      sum += v.arrival < 0 ? Math.exp(this.rng() * 2 - 1) : Math.exp(this.rng() * 2 - 1.3);
      return sum;
    });
  }

  private addVisitor(i: number, arrival: number): void {
    const anonymous = this.rng() < 0.02;
    this.visitors.push({
      key: anonymous ? null : pseudonym(this.secret, 'analytics.demo', String(i)),
      arrival,
      leaves: arrival + exponential(this.rng, 600),
      device: pick(this.rng, [
        ['desktop', 48],
        ['mobile', 45],
        ['tablet', 7],
      ]),
      lang: pick(this.rng, [
        ['az', 78],
        ['ru', 15],
        ['en', 7],
      ]),
    });
  }

  /** A visitor active on the day, by weight (heavy users come back more often). */
  private sampleActive(day: number): Visitor {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    for (;;) {
      const r = this.rng() * total;
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.cumulative[mid] as number) < r) lo = mid + 1;
        else hi = mid;
      }
      const visitor = this.visitors[lo] as Visitor;
      if (visitor.arrival < day && visitor.leaves > day) return visitor;
    }
  }

  private page(type: string): Pick<PageviewRow, 'pageType' | 'serviceCode' | 'agencyCode' | 'path'> {
    if (type === 'service') {
      // Zipf-like: a few services carry most of the use, as in the reference half-year.
      const index = Math.min(this.codes.length - 1, Math.floor(this.codes.length ** this.rng()) - 1);
      const code = this.codes[index] as string;
      return { pageType: 'service', serviceCode: code, path: `/services/${code}` };
    }
    if (type === 'agency') {
      const code = this.agencies[Math.floor(this.rng() * this.agencies.length)] as string;
      return { pageType: 'agency', agencyCode: code, path: `/agencies/${code}` };
    }
    const paths: Record<string, string> = {
      home: '/',
      catalogue: '/services',
      statistics: '/statistics/web',
      verify: '/verify',
      information: '/privacy',
      account: '/account',
    };
    return { pageType: type, path: paths[type] ?? '/' };
  }

  private visit(visitor: Visitor, date: string, rows: PageviewRow[]): void {
    const hour = pick(this.rng, HOURS);
    let at =
      Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00${BAKU_OFFSET}`) + this.rng() * 3_000_000;
    const count = Math.min(30, 1 + Math.floor(Math.log(1 - this.rng()) / Math.log(1 - 1 / PAGES_PER_VISIT)));
    const referrer = pick(this.rng, REFERRERS);
    // Gaps so that multi-page visits average the reference duration once one-page visits count 0 s.
    const gapMean = SECONDS_PER_VISIT / (PAGES_PER_VISIT - 1);
    for (let i = 0; i < count; i++) {
      if (i > 0) at += Math.min(1700, Math.max(5, exponential(this.rng, gapMean))) * 1000;
      const type = pick(this.rng, i === 0 ? ENTRY : NEXT);
      rows.push({
        at: new Date(at),
        visitorKey: visitor.key,
        ...this.page(type),
        lang: visitor.lang,
        device: visitor.device,
        referrerHost: i === 0 ? referrer : null,
        source: 'demo',
      });
    }
  }

  /** The pageviews of one day (index 0 = first day of the year). */
  day(day: number, date: string): PageviewRow[] {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const trend = 0.8 + (0.4 * day) / DAYS;
    const weekFactor = weekday === 0 || weekday === 6 ? 0.55 : 1.15;
    const visits = Math.round((this.totalVisits / DAYS) * trend * weekFactor);
    const rows: PageviewRow[] = [];
    const arriving = this.visitors.filter((v) => v.arrival === day);
    for (const visitor of arriving) this.visit(visitor, date, rows);
    for (let i = arriving.length; i < visits; i++) this.visit(this.sampleActive(day), date, rows);
    return rows;
  }
}

/** A year of pageviews before today, bulk-inserted a few thousand rows per statement, then sessionised. */
export const analyticsSeeder: Seeder = {
  name: 'analytics-pageviews',
  async run({ database, clock, secret, profile }) {
    const { db } = database;
    const pageviews = profile === 'demo' ? 200_000 : 2_000;
    const generator = new DemoGenerator(secret, Math.round(pageviews / PAGES_PER_VISIT));
    const first = addDays(localDate(clock.now(), TIME_ZONE), -DAYS);
    let batch: PageviewRow[] = [];
    for (let day = 0; day < DAYS; day++) {
      batch.push(...generator.day(day, addDays(first, day)));
      if (batch.length >= 5000 || day === DAYS - 1) {
        await insertPageviews(db, batch);
        batch = [];
      }
    }
    const bots = Array.from({ length: DAYS }, (_, day) => addDays(first, day));
    await db.execute(sql`insert into web_excluded (local_date, reason, requests)
      select d::date, r, (${Math.ceil(pageviews / DAYS / 6)} * (0.5 + (abs(hashtext(d || r)) % 100) / 100.0))::bigint
      from unnest(${sql.param(bots)}::text[]) as d cross join unnest(array['bot', 'no_user_agent', 'prefetch']) as r
      on conflict do nothing`);
    // Short transactions: on the embedded database, pages wait for the one in progress while demo data loads.
    await sessionise(db, { timeZone: TIME_ZONE, chunkSize: 25_000 });
  },
};
