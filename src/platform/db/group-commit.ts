/** How one item of a group ended: its own value, or its own failure (the others may still have committed). */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** The most items one group holds. */
  maxGroup?: number;
  /** Groups written at the same time (each on its own connection); the rest wait and grow meanwhile. */
  concurrency?: number;
}

interface Waiting<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items that arrive while the writers are busy (or in the same turn of the event loop) are
 * written together by one call of `write`, in one transaction of its own, so many callers share one commit.
 * Each caller's promise settles only after `write` has returned, that is after the shared commit: nothing is
 * acknowledged before it is durable. `write` gives one Settled per item, in order; if it throws, every item
 * of the group fails with that error.
 */
export function groupCommit<I, R>(
  write: (items: I[]) => Promise<Settled<R>[]>,
  options: GroupCommitOptions = {},
): (item: I) => Promise<R> {
  const maxGroup = options.maxGroup ?? 500;
  const concurrency = options.concurrency ?? 1;
  const queue: Waiting<I, R>[] = [];
  let writing = 0;
  let scheduled = false;

  async function writeGroup(group: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await write(group.map((w) => w.item));
      group.forEach((w, i) => {
        const result = results[i];
        if (result?.ok) w.resolve(result.value);
        else w.reject(result ? result.error : new Error('group commit: no result for an item'));
      });
    } catch (error) {
      for (const w of group) w.reject(error);
    } finally {
      writing--;
      schedule();
    }
  }

  function schedule(): void {
    if (scheduled || writing >= concurrency || queue.length === 0) return;
    scheduled = true;
    // Lets the callers of this turn of the event loop join the group.
    setImmediate(() => {
      scheduled = false;
      while (writing < concurrency && queue.length > 0) {
        writing++;
        void writeGroup(queue.splice(0, maxGroup));
      }
    });
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
