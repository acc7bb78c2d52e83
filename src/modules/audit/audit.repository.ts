import crypto from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { auditLog } from './audit.tables.ts';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  actorAccountId?: string | null;
  actorRole?: string | null;
  actorAgency?: string | null;
  /** The person whose data the action touched: shown on their "Who accessed my data". */
  subjectPersonId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  reason?: string | null;
  /** Never personal data beyond identifiers already in the columns. */
  details?: Record<string, unknown> | null;
}

export const GENESIS = '0'.repeat(64);

type Row = typeof auditLog.$inferSelect;
/** What a hash covers: the entry and the hash of the one before it in the chain. */
type Hashed = Omit<Row, 'id' | 'seq' | 'hash' | 'prevHash'> & { prevHash: string };

/** JSON with object keys sorted at every depth: jsonb gives keys back in its own order, not the writer's. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function canonical(row: Hashed): string {
  return stableJson([
    row.at.toISOString(),
    row.action,
    row.outcome,
    row.actorAccountId,
    row.actorRole,
    row.actorAgency,
    row.subjectPersonId,
    row.subjectType,
    row.subjectId,
    row.reason,
    row.details ?? null,
    row.prevHash,
  ]);
}

export function hashOf(row: Hashed): string {
  return crypto.createHash('sha256').update(canonical(row)).digest('hex');
}

/**
 * Appends within the caller's transaction, so the entry commits or rolls back with the change it records.
 * It takes no lock: the sealer chains it after commit (audit.sealer.ts).
 */
export async function appendAudit(tx: Tx | Db, entry: AuditEntry, at: Date): Promise<void> {
  await tx.insert(auditLog).values({
    at,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actorAccountId: entry.actorAccountId ?? null,
    actorRole: entry.actorRole ?? null,
    actorAgency: entry.actorAgency ?? null,
    subjectPersonId: entry.subjectPersonId ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? null,
  });
}

export interface ChainReport {
  entries: number;
  /** The first entry whose content, hash or link is wrong; undefined when the chain is whole. */
  firstBroken?: { id: number; problem: 'content changed' | 'link broken (entry removed or reordered)' };
}

/** Walks the sealed chain in batches (memory stays flat) and recomputes every hash and link. */
export async function verifyChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let previous = GENESIS;
  let lastSeq = 0;
  let entries = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, lastSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    if (rows.length === 0) return { entries };
    for (const row of rows) {
      entries++;
      // A gap in seq is a removed entry as surely as a wrong link.
      if (row.prevHash !== previous || row.seq !== lastSeq + 1)
        return { entries, firstBroken: { id: row.id, problem: 'link broken (entry removed or reordered)' } };
      const { id: _id, seq: _seq, hash, prevHash, ...content } = row;
      if (hashOf({ ...content, prevHash }) !== hash)
        return { entries, firstBroken: { id: row.id, problem: 'content changed' } };
      previous = hash;
      lastSeq = row.seq;
    }
  }
}
