import type { Db } from '../../platform/db/client.ts';
import { type PortalEvent, recordEvents } from './events.ts';

interface Waiting {
  event: PortalEvent;
  resolve(): void;
  reject(error: unknown): void;
}

// Events that arrive while a batch is being written wait at most for that write; a batch holds at most this.
const MAX_BATCH = 500;

/**
 * Group commit for events that are not part of a larger transaction (a lookup: one read, then its usage
 * event). Each caller waits until its event is committed — nothing is acknowledged before it is durable —
 * but the events of concurrent callers share one multi-row insert and one commit instead of one each.
 */
class EventBatch {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  record(event: PortalEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Lets the callers of this turn of the event loop join the batch.
        setImmediate(() => void this.write());
      }
    });
  }

  private async write(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await recordEvents(
          this.db,
          batch.map((w) => w.event),
        );
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.writing = false;
  }
}

const batches = new WeakMap<Db, EventBatch>();

/** Records one event without a transaction of the caller's, committed before the promise resolves. */
export function recordEventSoon(db: Db, event: PortalEvent): Promise<void> {
  let batch = batches.get(db);
  if (!batch) {
    batch = new EventBatch(db);
    batches.set(db, batch);
  }
  return batch.record(event);
}
