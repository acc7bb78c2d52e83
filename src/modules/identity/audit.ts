import type { Db, Tx } from '../../platform/db/client.ts';
import { type AuditEntry, appendAudit } from '../audit/index.ts';

/**
 * PostgreSQL's jsonb returns object keys shorter-first, then in byte order, whatever order they were
 * written in. The audit hash is computed over the object as given, and recomputed by `egov audit verify`
 * over the object read back, so details are written in jsonb's own order to hash the same both times.
 */
export function inJsonbOrder(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value).sort((a, b) => {
    const [x, y] = [Buffer.from(a), Buffer.from(b)];
    return x.length - y.length || Buffer.compare(x, y);
  });
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

/** appendAudit for this module's entries (flat details only). */
export function audit(tx: Tx | Db, entry: AuditEntry, at: Date): Promise<void> {
  return appendAudit(tx, { ...entry, details: entry.details ? inJsonbOrder(entry.details) : null }, at);
}
