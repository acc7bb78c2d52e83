import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { collectGarbage } from '../../platform/gc.ts';
import { sharedPseudonymizer } from '../../platform/secret.ts';
import { type ImportedPageview, sessionise } from '../analytics/index.ts';
import { CHANNELS, SUBJECT_TYPES } from './events.ts';
import { catalogueNames } from './figures.repository.ts';
import { Batch, type ImportedEvent, Store } from './import.store.ts';
import { lineKey } from './keys.ts';
import { rollUp } from './rollup.ts';

export const IMPORT_TYPES = ['service_use', 'pageview', 'certificate_issued', 'passcode_issued'] as const;
const MIN_AT = Date.parse('2000-01-01T00:00:00Z');
const MAX_LINE = 10_000;
const KEEP_PROBLEMS = 1000;
const ANALYZE_AFTER = 50_000;
const YIELD_EVERY = 1000;
/** Users and visitors repeat: the pseudonyms of the last 100,000 ids are kept. */
const ID_CACHE = 100_000;
const OFFSET_AT_END = /(Z|[+-]\d{2}:?\d{2})$/;
const LATE_DAY = /^(\d{4})-(\d{2})-(29|30|31)/;
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):\d{2}:\d{2}\.\d{3}Z$/;

export interface ImportProgress {
  lines: number;
  bytes: number;
}

export interface ImportOptions {
  secret: string;
  timeZone: string;
  now: Date;
  batchSize?: number;
  /** False when the caller rolls up later (the demo seeder, which does not know the time zone). */
  rollUp?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  lines: number;
  /** Rows newly stored, by type. */
  imported: Record<(typeof IMPORT_TYPES)[number], number>;
  /** Good lines already imported before (same content). */
  duplicates: number;
  badLines: number;
  /** The first problems (line number and reason); badLines counts them all. */
  problems: { line: number; reason: string }[];
  rolledUp: number;
  /** Where the time went: storing the lines; then the rollups (with ANALYZE) and the web visits (side by side on PostgreSQL). */
  seconds: { storing: number; rollups: number; visits: number };
}

type Parsed = { kind: 'event'; row: ImportedEvent } | { kind: 'pageview'; row: ImportedPageview } | string;

const str = (v: unknown, max = 128): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * Date.parse rolls a day that does not exist over into the next month ("2016-02-30" is 1 March), where
 * PostgreSQL refuses it: such a time is a bad line, not another day.
 */
function impossibleDay(text: string): boolean {
  const day = LATE_DAY.exec(text);
  if (!day) return false;
  const [, y, m, d] = day.map(Number) as [number, number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d;
}

/** The time as toISOString writes it; one already written so is taken as it is (formatting cost as much as the JSON). */
function utcIso(text: string, ms: number): string {
  return CANONICAL_UTC.test(text) ? text : new Date(ms).toISOString();
}

/** One line to a row, or the reason it is refused. */
export function parseLine(
  line: string,
  services: Map<string, { agency: string }>,
  options: Pick<ImportOptions, 'secret' | 'now'>,
): Parsed {
  if (line.length > MAX_LINE) return 'line too long';
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  if (!IMPORT_TYPES.includes(value.type as never)) return `unknown type ${JSON.stringify(value.type)}`;
  const at = typeof value.at === 'string' && OFFSET_AT_END.test(value.at) ? Date.parse(value.at) : Number.NaN;
  if (Number.isNaN(at) || impossibleDay(value.at as string)) return 'bad time "at" (ISO 8601 with an offset)';
  if (at < MIN_AT || at > options.now.getTime()) return 'time "at" out of range';
  const type = value.type as string;
  const dedupeKey = lineKey(line);
  const iso = utcIso(value.at as string, at);
  // Object literals with every field, not spreads of a shared base: this loop runs once per line.
  if (type === 'service_use') {
    const service = typeof value.service === 'string' ? services.get(value.service) : undefined;
    if (!service) return `unknown service ${JSON.stringify(value.service)}`;
    if (!CHANNELS.includes(value.channel as never)) return `unknown channel ${JSON.stringify(value.channel)}`;
    if (value.user !== undefined && !str(value.user)) return 'bad user id';
    const userKey =
      value.user === undefined
        ? null
        : sharedPseudonymizer(options.secret, 'statistics.user', ID_CACHE)(value.user as string);
    return {
      kind: 'event',
      row: {
        type,
        at: iso,
        dedupeKey,
        serviceCode: value.service as string,
        agencyCode: service.agency,
        channel: value.channel as string,
        userKey,
      },
    };
  }
  if (type === 'certificate_issued') {
    if (!SUBJECT_TYPES.includes(value.subjectType as never))
      return `unknown subjectType ${JSON.stringify(value.subjectType)}`;
    return { kind: 'event', row: { type, at: iso, dedupeKey, subjectType: value.subjectType as string } };
  }
  if (type === 'passcode_issued') return { kind: 'event', row: { type, at: iso, dedupeKey } };
  if (!str(value.visitor)) return 'bad visitor id';
  if (!str(value.path, 2000) || !value.path.startsWith('/')) return 'bad path';
  const visitorKey = sharedPseudonymizer(options.secret, 'analytics.vid', ID_CACHE)(value.visitor);
  return { kind: 'pageview', row: { at: new Date(at), visitorKey, path: value.path, dedupeKey } };
}

/**
 * Imports NDJSON lines in batches (each its own transaction, so memory stays bounded), then brings the
 * rollups and the web sessions up to date. Bad lines are reported and skipped; re-running is harmless.
 */
export async function importEvents(
  database: Database,
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  // Take the iterator before the first await: a readline interface emits lines as soon as its input
  // flows, and lines (or its end) emitted with no iterator listening are lost (the import hung or
  // silently missed lines when reading the catalogue took long enough).
  const source = lines[Symbol.asyncIterator]();
  const iterator: AsyncIterable<string> = { [Symbol.asyncIterator]: () => source };
  const { db } = database;
  const { services } = await catalogueNames(db);
  const summary: ImportSummary = {
    lines: 0,
    imported: { service_use: 0, pageview: 0, certificate_issued: 0, passcode_issued: 0 },
    duplicates: 0,
    badLines: 0,
    problems: [],
    rolledUp: 0,
    seconds: { storing: 0, rollups: 0, visits: 0 },
  };
  const since = (started: number) => Math.round(performance.now() - started) / 1000;
  let started = performance.now();
  const size = options.batchSize ?? 50_000;
  const store = new Store(database);
  let batch = new Batch();
  let bytes = 0;
  const months = new Set<string>();
  let writing: Promise<unknown> = Promise.resolve();
  for await (const raw of iterator) {
    summary.lines++;
    // Lines that are already read arrive as microtasks, which never let the event loop take the
    // database's replies: without this the batch being stored waited until the next one was parsed,
    // and parsing and storing took turns instead of overlapping.
    if (summary.lines % YIELD_EVERY === 0) await new Promise(setImmediate);
    bytes += Buffer.byteLength(raw) + 1;
    const line = raw.trim();
    if (line === '') continue;
    const parsed = parseLine(line, services, options);
    let problem = typeof parsed === 'string' ? parsed : undefined;
    if (typeof parsed !== 'string' && parsed.kind === 'event') batch.addEvent(parsed.row);
    else if (typeof parsed !== 'string' && !batch.addPageview(parsed.row))
      problem = 'not a pageview the portal can count';
    if (problem) {
      summary.badLines++;
      if (summary.problems.length < KEEP_PROBLEMS)
        summary.problems.push({ line: summary.lines, reason: problem });
    }
    if (batch.size >= size) {
      // The database stores this batch while the next one is parsed (at most two in memory).
      await writing;
      const progress = { lines: summary.lines, bytes };
      writing = store.commit(batch, summary, months).then(() => {
        // The batch's strings and the parse's garbage are dead now, but V8 grows its heap long before
        // it collects it (peak RSS of a million-line import on PGlite 615 MB without, 412 MB with;
        // about 10 ms a batch, within noise).
        collectGarbage();
        options.onProgress?.(progress);
      });
      writing.catch(() => undefined); // awaited below; this only keeps it from being "unhandled"
      batch = new Batch();
    }
  }
  await writing;
  await store.commit(batch, summary, months);
  options.onProgress?.({ lines: summary.lines, bytes });
  summary.seconds.storing = since(started);
  if (options.rollUp === false) return summary;
  started = performance.now();
  const rollups = async () => {
    // The planner's row counts are those from before the import: without fresh ones it scans every
    // partition for each id range the rollup reads instead of using the BRIN index on id.
    if (Object.values(summary.imported).reduce((a, b) => a + b, 0) >= ANALYZE_AFTER)
      await db.execute(sql`analyze stat_events`);
    summary.rolledUp = await rollUp(db, options.timeZone);
    summary.seconds.rollups = since(started);
  };
  const visits = async () => {
    if (summary.imported.pageview > 0) await sessionise(db, { timeZone: options.timeZone });
    summary.seconds.visits = since(started);
  };
  // The rollups (events) and the web visits (pageviews) share no table: on PostgreSQL, side by side, the
  // rollup's one statement at a time runs on the core the sessioniser leaves free. PGlite runs one
  // statement at a time anyway, and both at once only raised its peak memory (454-496 MB, goal 500).
  if (database.pglite) {
    await rollups();
    started = performance.now();
    await visits();
    return summary;
  }
  const done = await Promise.allSettled([rollups(), visits()]);
  for (const result of done) if (result.status === 'rejected') throw result.reason;
  return summary;
}
