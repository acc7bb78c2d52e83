import type { Seeder } from '../../platform/db/seed.ts';
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

/** Deterministic, so that every first start shows the same history. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
  /** How many days before `end` the history covers (a year unless said). */
  days?: number;
}

/** NDJSON lines of a year (or `shape.days`) ending at `end`, growing month by month like the reference portal. */
export function* history(services: string[], end: Date, shape: HistoryShape): Generator<string> {
  const rand = random(2016);
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
