import type { Db, Tx } from '../../platform/db/client.ts';
import { statEventKeys, statEvents } from './events.tables.ts';

export const CHANNELS = ['web', 'sms', 'api', 'mobile'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SUBJECT_TYPES = ['state', 'person', 'legal'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export type PortalEvent =
  | {
      type: 'service_use';
      at: Date;
      serviceCode: string;
      agencyCode: string;
      channel: Channel;
      outcome?: 'answered' | 'not_found' | 'submitted' | 'issued' | 'failed';
      userKey?: string | null;
      dedupeKey?: string;
    }
  | { type: 'certificate_issued'; at: Date; subjectType: SubjectType; dedupeKey?: string }
  | { type: 'passcode_issued'; at: Date; dedupeKey?: string };

function eventRow(event: PortalEvent): typeof statEvents.$inferInsert {
  return {
    type: event.type,
    at: event.at,
    serviceCode: event.type === 'service_use' ? event.serviceCode : null,
    agencyCode: event.type === 'service_use' ? event.agencyCode : null,
    channel: event.type === 'service_use' ? event.channel : null,
    outcome: event.type === 'service_use' ? (event.outcome ?? null) : null,
    userKey: event.type === 'service_use' ? (event.userKey ?? null) : null,
    subjectType: event.type === 'certificate_issued' ? event.subjectType : null,
    dedupeKey: event.dedupeKey ?? null,
  };
}

/**
 * Appends an event in the caller's transaction: a change and its count commit together or not at all.
 * A dedupe key is claimed in stat_event_keys first (unique for all time, which the month-partitioned
 * stat_events cannot enforce); an event whose key was already claimed is not stored again.
 */
export async function recordEvent(tx: Tx | Db, event: PortalEvent): Promise<void> {
  if (event.dedupeKey !== undefined) {
    const claimed = await tx
      .insert(statEventKeys)
      .values({ dedupeKey: event.dedupeKey })
      .onConflictDoNothing()
      .returning({ key: statEventKeys.dedupeKey });
    if (claimed.length === 0) return;
  }
  await tx.insert(statEvents).values(eventRow(event));
}

/**
 * Appends several events in one statement (one commit when called outside a transaction; inside one, they
 * commit with it). Events with a dedupe key take the one-by-one path, in a (nested) transaction, so that
 * their key is claimed first.
 */
export async function recordEvents(db: Db | Tx, events: PortalEvent[]): Promise<void> {
  const plain = events.filter((e) => e.dedupeKey === undefined);
  const keyed = events.filter((e) => e.dedupeKey !== undefined);
  if (plain.length > 0) await db.insert(statEvents).values(plain.map(eventRow));
  if (keyed.length > 0)
    await db.transaction(async (tx) => {
      for (const event of keyed) await recordEvent(tx, event);
    });
}
