import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { copyValue } from '../../platform/db/copy.ts';
import { webSpillReplays } from './analytics.tables.ts';
import { pageFromPath } from './classify.ts';

export interface PageviewRow {
  at: Date;
  visitorKey: string | null;
  pageType: string;
  serviceCode?: string | null;
  agencyCode?: string | null;
  path: string;
  lang?: string | null;
  device?: string | null;
  referrerHost?: string | null;
  source?: 'web' | 'import' | 'demo';
  dedupeKey?: string | null;
}

export interface EngagementRow {
  visitorKey: string;
  pageviewAt: Date;
  engagedMs: number;
}

export interface ExcludedRow {
  localDate: string;
  reason: string;
}

export interface LinkRow {
  visitorKey: string;
  userKey: string;
  linkedAt: Date;
}

function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

const column = <T>(rows: T[], pick: (row: T) => unknown) => sql.param(rows.map((r) => pick(r) ?? null));

/**
 * One statement for any number of rows, their rows one JSON parameter: JSON.stringify is one native call,
 * where arrays per column were serialised value by value on the portal's thread (measured: a flush's
 * arrays cost about 5 µs a pageview, a tenth of what recording a page cost).
 */
export async function insertPageviews(db: Db | Tx, rows: PageviewRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.execute(sql`
    insert into web_pageviews
      (at, visitor_key, page_type, service_code, agency_code, path, lang, device, referrer_host, source, dedupe_key)
    select at, "visitorKey", "pageType", "serviceCode", "agencyCode", path, lang, device, "referrerHost",
      coalesce(source, 'web'), "dedupeKey"
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(at timestamptz, "visitorKey" text, "pageType" text,
      "serviceCode" text, "agencyCode" text, path text, lang text, device text, "referrerHost" text, source text,
      "dedupeKey" text)
    on conflict do nothing`);
  return affected(result);
}

export async function insertEngagement(db: Db | Tx, rows: EngagementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into web_engagement (visitor_key, pageview_at, engaged_ms)
    select * from unnest(${column(rows, (r) => r.visitorKey)}::text[],
      ${column(rows, (r) => r.pageviewAt)}::timestamptz[], ${column(rows, (r) => r.engagedMs)}::int[])`);
}

export async function insertExcluded(db: Db | Tx, rows: ExcludedRow[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.localDate}|${row.reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts].map(([key, requests]) => {
    const [localDate, reason] = key.split('|') as [string, string];
    return { localDate, reason, requests };
  });
  if (entries.length === 0) return;
  await db.execute(sql`
    insert into web_excluded (local_date, reason, requests)
    select * from unnest(${column(entries, (e) => e.localDate)}::date[], ${column(entries, (e) => e.reason)}::text[],
      ${column(entries, (e) => e.requests)}::bigint[])
    on conflict (local_date, reason) do update set requests = web_excluded.requests + excluded.requests`);
}

export async function insertLinks(db: Db | Tx, rows: LinkRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into web_visitor_links (visitor_key, user_key, linked_at)
    select * from unnest(${column(rows, (r) => r.visitorKey)}::text[], ${column(rows, (r) => r.userKey)}::text[],
      ${column(rows, (r) => r.linkedAt)}::timestamptz[])
    on conflict (visitor_key) do nothing`);
}

/**
 * Wraps an insert for the batch writer: a replayed spill file is recorded in the same transaction,
 * and skipped when it was recorded before.
 */
export function spillAware<T>(db: Db, insert: (tx: Db | Tx, rows: T[]) => Promise<unknown>) {
  return async (rows: T[], spillFile?: string): Promise<void> => {
    if (!spillFile) {
      await insert(db, rows);
      return;
    }
    await db.transaction(async (tx) => {
      const fresh = await tx
        .insert(webSpillReplays)
        .values({ file: spillFile })
        .onConflictDoNothing()
        .returning();
      if (fresh.length > 0) await insert(tx, rows);
    });
  };
}

/** A pageview from another system (the statistics import): visitor key already a keyed hash. */
export interface ImportedPageview {
  at: Date;
  visitorKey: string;
  path: string;
  /** Makes re-running the same import harmless (unique with `at`). */
  dedupeKey?: string;
}

const MAX_PATH = 2000;

/** An imported pageview classified as a live one is; null when it is not one (bad time, key or path). */
function importedRow(row: ImportedPageview): PageviewRow | null {
  if (!validImport(row)) return null;
  return {
    at: row.at,
    visitorKey: row.visitorKey,
    ...pageFromPath(row.path),
    source: 'import',
    dedupeKey: row.dedupeKey,
  };
}

function validImport(row: ImportedPageview): boolean {
  return (
    row.at instanceof Date &&
    !Number.isNaN(row.at.getTime()) &&
    typeof row.visitorKey === 'string' &&
    row.visitorKey.length > 0 &&
    row.visitorKey.length <= 128 &&
    typeof row.path === 'string' &&
    row.path.length <= MAX_PATH &&
    (row.dedupeKey === undefined || (typeof row.dedupeKey === 'string' && row.dedupeKey.length <= 200))
  );
}

/**
 * Stores imported pageviews with the same page classification as live ones; call sessionise() after.
 * Rows that are not pageviews (bad time, key or path) are skipped and counted, never stored.
 */
export async function ingestPageviews(
  db: Db | Tx,
  rows: ImportedPageview[],
): Promise<{ inserted: number; skipped: number }> {
  const good = rows.map(importedRow).filter((row) => row !== null);
  let inserted = 0;
  for (let i = 0; i < good.length; i += 10_000)
    inserted += await insertPageviews(db, good.slice(i, i + 10_000));
  return { inserted, skipped: rows.length - good.length };
}

/** The columns of `importedPageviewLine`, for `copy web_pageviews (…) from stdin`. */
export const IMPORTED_PAGEVIEW_COLUMNS =
  'at, visitor_key, page_type, service_code, agency_code, path, source, dedupe_key';

/**
 * An imported pageview as a line of COPY text (the statistics import loads batches by COPY), classified
 * as ingestPageviews classifies it; null when it is not a pageview (bad time, key or path).
 */
export function importedPageviewLine(imported: ImportedPageview): string | null {
  const row = importedRow(imported);
  if (!row) return null;
  return [
    row.at.toISOString(),
    copyValue(row.visitorKey),
    copyValue(row.pageType),
    copyValue(row.serviceCode),
    copyValue(row.agencyCode),
    copyValue(row.path),
    row.source,
    copyValue(row.dedupeKey),
  ].join('\t');
}
