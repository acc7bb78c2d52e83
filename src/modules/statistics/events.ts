import type { Db, Tx } from '../../platform/db/client.ts';
import { statEvents } from './events.tables.ts';

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

/** Appends an event in the caller's transaction: a change and its count commit together or not at all. */
export async function recordEvent(tx: Tx | Db, event: PortalEvent): Promise<void> {
  await tx
    .insert(statEvents)
    .values({
      type: event.type,
      at: event.at,
      serviceCode: event.type === 'service_use' ? event.serviceCode : null,
      agencyCode: event.type === 'service_use' ? event.agencyCode : null,
      channel: event.type === 'service_use' ? event.channel : null,
      outcome: event.type === 'service_use' ? (event.outcome ?? null) : null,
      userKey: event.type === 'service_use' ? (event.userKey ?? null) : null,
      subjectType: event.type === 'certificate_issued' ? event.subjectType : null,
      dedupeKey: event.dedupeKey ?? null,
    })
    .onConflictDoNothing();
}
