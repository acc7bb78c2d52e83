import type { Clock } from '../../platform/clock.ts';

/**
 * Counts failures per key (a client address) in a sliding window, in memory: per-address limits for
 * logins and code requests. In memory per process, like the platform's other rate limits; the
 * per-account back-off, which matters more, is in the database.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  blocked(key: string): boolean {
    return this.recent(key).length >= this.max;
  }

  fail(key: string): void {
    const list = this.recent(key);
    // Memory stays bounded under a flood of distinct addresses: the oldest keys are dropped.
    if (!this.failures.has(key) && this.failures.size >= this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    list.push(this.clock.now().getTime());
    this.failures.set(key, list);
  }

  clear(): void {
    this.failures.clear();
  }
}
