import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { registryDatasets, registryRows } from './services.tables.ts';

export interface DatasetProblem {
  line: number;
  column?: string;
  message: string;
}

export class DatasetError extends Error {
  constructor(readonly problems: DatasetProblem[]) {
    super(`dataset rejected: ${problems.length} problem(s)`);
  }
}

const MAX_CELL = 2000;

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Checks the whole file and returns its records; every problem names its line (1 = header) and column. */
export function readDataset(text: string, keyColumns: string[]): Record<string, string>[] {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  const problems: DatasetProblem[] = [];
  if (!header) throw new DatasetError([{ line: 1, message: 'the file is empty' }]);
  for (const key of keyColumns)
    if (!header.includes(key)) problems.push({ line: 1, column: key, message: 'key column missing' });
  if (new Set(header).size !== header.length) problems.push({ line: 1, message: 'duplicate column names' });
  const records: Record<string, string>[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length !== header.length) {
      problems.push({ line, message: `expected ${header.length} values, found ${cells.length}` });
      return;
    }
    const record: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = (cells[i] ?? '').trim();
      if (value.length > MAX_CELL) problems.push({ line, column, message: 'value too long' });
      record[column] = value;
    });
    const key = keyOf(keyColumns.map((k) => record[k] ?? ''));
    for (const k of keyColumns) if (!record[k]) problems.push({ line, column: k, message: 'key is empty' });
    if (seen.has(key)) problems.push({ line, message: 'duplicate key' });
    seen.add(key);
    records.push(record);
  });
  if (problems.length > 0) throw new DatasetError(problems.slice(0, 100));
  return records;
}

export function keyOf(values: string[]): string {
  return values.join('|');
}

/**
 * Loads a new version and switches readers to it in one transaction: until commit every lookup reads the
 * previous version whole, after it the new one whole. Older versions are removed in the same transaction.
 */
export async function replaceDataset(
  db: Db,
  input: { name: string; agencyCode: string; keyColumns: string[]; records: Record<string, string>[] },
  at: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dataset:${input.name}`}))`);
    const [current] = await tx.select().from(registryDatasets).where(eq(registryDatasets.name, input.name));
    const version = (current?.activeVersion ?? 0) + 1;
    await insertRows(tx, input.name, version, input.keyColumns, input.records);
    const columns = Object.keys(input.records[0] ?? {});
    const head = {
      agencyCode: input.agencyCode,
      columns,
      keyColumns: input.keyColumns,
      activeVersion: version,
      rowCount: input.records.length,
      updatedAt: at,
    };
    await tx
      .insert(registryDatasets)
      .values({ name: input.name, ...head })
      .onConflictDoUpdate({ target: registryDatasets.name, set: head });
    await tx
      .delete(registryRows)
      .where(and(eq(registryRows.dataset, input.name), ne(registryRows.version, version)));
    return version;
  });
}

async function insertRows(
  tx: Tx,
  dataset: string,
  version: number,
  keys: string[],
  records: Record<string, string>[],
) {
  // Batches keep `npm start` fast and stay under the protocol's parameter limit.
  for (let i = 0; i < records.length; i += 2000) {
    const batch = records.slice(i, i + 2000).map((data) => ({
      dataset,
      version,
      key: keyOf(keys.map((k) => data[k] ?? '')),
      data,
    }));
    await tx.insert(registryRows).values(batch);
  }
}

/** One indexed read of the active version. */
export async function findRecord(db: Db | Tx, dataset: string, key: string) {
  const result = await db.execute(sql`
    select r.data from registry_rows r join registry_datasets d
      on d.name = r.dataset and d.active_version = r.version
    where r.dataset = ${dataset} and r.key = ${key} limit 1`);
  const rows = (result as unknown as { rows: { data: Record<string, string> }[] }).rows;
  return rows[0]?.data;
}

export async function datasetsOfAgency(db: Db, agencyCode: string) {
  return db.select().from(registryDatasets).where(eq(registryDatasets.agencyCode, agencyCode));
}

export async function datasetHead(db: Db, name: string) {
  const [row] = await db.select().from(registryDatasets).where(eq(registryDatasets.name, name));
  return row;
}
