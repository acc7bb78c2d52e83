import type { Seeder } from '../../platform/db/seed.ts';
import { prng } from '../../platform/random.ts';
import { NAMED_SERVICES } from '../catalogue/index.ts';
import { catalogueNames } from './figures.repository.ts';
import { importEvents } from './import.ts';

/** Shares of the reference half-year (8,155,155 uses): the six named services, then a long tail. */
const NAMED_SHARES = [1_007_705, 957_255, 873_970, 806_387, 711_159, 396_641].map((n) => n / 8_155_155);
const CHANNEL_SHARES: [string, number][] = [
  ['web', 0.72],
  ['sms', 0.14],
  ['api', 0.1],
  ['mobile', 0.04],
];
const SUBJECT_SHARES: [string, number][] = [
  ['state', 13_492 / 15_790],
  ['person', 374 / 15_790],
  ['legal', 1924 / 15_790],
];
const DAY_MS = 86_400_000;

function pick<T>(choices: [T, number][], r: number): T {
  let sum = 0;
  for (const [value, share] of choices) {
    sum += share;
    if (r < sum) return value;
  }
  return (choices.at(-1) as [T, number])[0];
}

export interface HistoryShape {
  uses: number;
  certificates: number;
  passcodes: number;
  users: number;
  /** Pageviews in visits of 1 to 6 pages (3.4 on average, the reference's 3.34), by pageviews / 13.3 visitors. */
  pageviews?: number;
  /** How many days before `end` the history covers (a year unless said). */
  days?: number;
}

/** NDJSON lines of a year (or `shape.days`) ending at `end`, growing month by month like the reference portal. */
export function* history(services: string[], end: Date, shape: HistoryShape): Generator<string> {
  // Deterministic, so that every first start shows the same history.
  const rand = prng(2016);
  const tail = services.filter((c) => !(NAMED_SERVICES as readonly string[]).includes(c));
  const named = NAMED_SERVICES.filter((c) => services.includes(c));
  const rest = 1 - NAMED_SHARES.slice(0, named.length).reduce((a, b) => a + b, 0);
  const serviceChoices: [string, number][] = [
    ...named.map((c, i): [string, number] => [c, NAMED_SHARES[i] ?? 0]),
    ...tail.map((c, i): [string, number] => [c, (rest * (1 / (i + 2))) / harmonic(tail.length)]),
  ];
  // Later days weigh more (usage grows through the period): day index d has weight 1 + d/days.
  const days = shape.days ?? 365;
  const when = () => {
    const d = Math.floor(days * Math.sqrt(rand()));
    const hour = 7 + Math.floor(rand() * 14);
    return new Date(end.getTime() - (days - d) * DAY_MS + hour * 3_600_000 + Math.floor(rand() * 3_600_000));
  };
  const at = (date: Date) => (date.getTime() >= end.getTime() ? new Date(end.getTime() - 60_000) : date);
  for (let i = 0; i < shape.uses; i++) {
    const service = pick(serviceChoices, rand());
    const user = `u${Math.floor(rand() ** 2 * shape.users)}`;
    yield JSON.stringify({
      type: 'service_use',
      at: at(when()).toISOString(),
      service,
      channel: pick(CHANNEL_SHARES, rand()),
      user,
    });
  }
  for (let i = 0; i < shape.certificates; i++)
    yield JSON.stringify({
      type: 'certificate_issued',
      at: at(when()).toISOString(),
      subjectType: pick(SUBJECT_SHARES, rand()),
      n: i,
    });
  for (let i = 0; i < shape.passcodes; i++)
    yield JSON.stringify({ type: 'passcode_issued', at: at(when()).toISOString(), n: i });
  yield* pageviews(shape.pageviews ?? 0, when, at, rand, (r) => pick(serviceChoices, r));
}

const LANGUAGE_SHARES: [string, number][] = [
  ['az', 0.7],
  ['ru', 0.2],
  ['en', 0.1],
];

/** Visits of the reference's shape: 13.3 pageviews per visitor, pages a minute or two apart. */
function* pageviews(
  count: number,
  when: () => Date,
  at: (date: Date) => Date,
  rand: () => number,
  service: (r: number) => string,
): Generator<string> {
  const visitors = Math.max(1, Math.round(count / 13.3));
  const page = (lang: string) => {
    const r = rand();
    if (r < 0.3) return `/${lang}`;
    if (r < 0.45) return `/${lang}/services`;
    if (r < 0.85) return `/${lang}/services/${service(rand())}`;
    if (r < 0.93) return `/${lang}/statistics`;
    return `/${lang}/login`;
  };
  for (let made = 0; made < count; ) {
    const visitor = `v${Math.floor(rand() ** 2 * visitors)}`;
    const lang = pick(LANGUAGE_SHARES, rand());
    const pages = 1 + Math.floor(rand() * 5.7);
    let time = when().getTime();
    for (let p = 0; p < pages && made < count; p++, made++) {
      yield JSON.stringify({
        type: 'pageview',
        at: at(new Date(time)).toISOString(),
        visitor,
        path: page(lang),
      });
      time += 20_000 + Math.floor(rand() * 150_000);
    }
  }
}

function harmonic(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += 1 / (i + 2);
  return sum || 1;
}

async function* lines(source: Iterable<string>): AsyncGenerator<string> {
  yield* source;
}

const SHAPES: Record<'demo' | 'test', HistoryShape> = {
  demo: { uses: 80_000, certificates: 1_600, passcodes: 2_400, users: 16_000 },
  test: { uses: 600, certificates: 30, passcodes: 40, users: 200 },
};

/** A recent year of usage, loaded through the same path as `egov stats import`. */
export const statisticsSeeder: Seeder = {
  name: 'statistics',
  async run({ database, clock, secret, log, profile }) {
    const { db } = database;
    const { services } = await catalogueNames(db);
    if (services.size === 0) return;
    const now = clock.now();
    // The test cut ends a month ago, so that tests of "the last 30 days" start from nothing.
    const end = profile === 'test' ? new Date(now.getTime() - 31 * DAY_MS) : now;
    const summary = await importEvents(
      database,
      lines(history([...services.keys()].sort(), end, SHAPES[profile])),
      {
        secret,
        // Seeders do not see the configuration: the module rolls up with config.timeZone when it starts.
        timeZone: '',
        now,
        rollUp: false,
      },
    );
    log.info({ imported: summary.imported, bad: summary.badLines }, 'statistics history generated');
  },
};
