import type { Db } from '../../platform/db/client.ts';
import { groupCommit } from '../../platform/db/group-commit.ts';
import { type PortalEvent, recordEvents } from './events.ts';

/**
 * Group commit for events that are not part of a larger transaction (a lookup: one read, then its usage
 * event). Each caller waits until its event is committed — nothing is acknowledged before it is durable —
 * but the events of concurrent callers share one multi-row insert and one commit instead of one each
 * (one writer per database, at most 500 events a write).
 */
function eventWriter(db: Db): (event: PortalEvent) => Promise<void> {
  return groupCommit<PortalEvent, void>(
    async (events) => {
      await recordEvents(db, events);
      return events.map(() => ({ ok: true, value: undefined }));
    },
    { maxGroup: 500, concurrency: 1 },
  );
}

const writers = new WeakMap<Db, (event: PortalEvent) => Promise<void>>();

/** Records one event without a transaction of the caller's, committed before the promise resolves. */
export function recordEventSoon(db: Db, event: PortalEvent): Promise<void> {
  let write = writers.get(db);
  if (!write) {
    write = eventWriter(db);
    writers.set(db, write);
  }
  return write(event);
}
