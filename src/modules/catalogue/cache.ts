import type { Clock } from '../../platform/clock.ts';

interface Entry {
  value: Promise<unknown>;
  /** Fresh until then; until twice as long it is still served while a reload runs. */
  freshUntil: number;
  reloading: boolean;
}

/**
 * A small least-recently-used cache of answers with a time limit. The catalogue changes rarely and is
 * read a lot; a change made through this process clears it at once, one made elsewhere (another
 * process, the command line) shows after at most about `ttlMs`. A stale answer is served while one
 * request reloads it, so a busy page never waits for the database when its entry expires.
 */
export class TtlCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  /** Loads once per key even when many requests ask at the same time; a failed load is not kept. */
  through<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.maxEntries === 0) return load();
    const now = this.clock.now().getTime();
    const entry = this.entries.get(key);
    if (entry && now < entry.freshUntil + this.ttlMs) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (now >= entry.freshUntil && !entry.reloading) this.reload(key, entry, load);
      return entry.value as Promise<T>;
    }
    return this.store(key, load(), now);
  }

  private store<T>(key: string, value: Promise<T>, now: number): Promise<T> {
    this.entries.delete(key);
    this.entries.set(key, { value, freshUntil: now + this.ttlMs, reloading: false });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  private reload<T>(key: string, entry: Entry, load: () => Promise<T>): void {
    entry.reloading = true;
    load().then(
      (fresh) => {
        if (this.entries.get(key) === entry)
          this.store(key, Promise.resolve(fresh), this.clock.now().getTime());
      },
      () => {
        entry.reloading = false;
      },
    );
  }

  clear(): void {
    this.entries.clear();
  }
}
