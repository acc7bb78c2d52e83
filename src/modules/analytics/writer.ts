import fs from 'node:fs';
import path from 'node:path';

export interface WriterLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface BatchWriterOptions<T> {
  /** Prefix of spill files; one writer per kind of row. */
  name: string;
  /**
   * Writes the rows in one transaction. With `spillFile`, also records that file as replayed in the same
   * transaction and writes nothing when it was replayed before (a crash between commit and unlink).
   */
  write(rows: T[], spillFile?: string): Promise<void>;
  /** Rebuilds a row read back from a spill file; undefined for a line that is not one. */
  revive(raw: unknown): T | undefined;
  spillDir: string;
  log: WriterLog;
  maxRows?: number;
  intervalMs?: number;
  /** Failed flushes in a row after which rows go to disk instead of waiting in memory. */
  maxFailures?: number;
}

/**
 * Buffers rows in memory and writes them in batches, so that recording costs a request only an array push.
 * A failed write is retried on the next tick; while the database stays away, batches are spilled to
 * files in spillDir and replayed (exactly once) when writes succeed again. Nothing is dropped silently.
 */
export class BatchWriter<T> {
  private rows: T[] = [];
  private failures = 0;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private spillSequence = 0;
  private readonly maxRows: number;
  private readonly maxFailures: number;

  constructor(private readonly options: BatchWriterOptions<T>) {
    this.maxRows = options.maxRows ?? 5000;
    this.maxFailures = options.maxFailures ?? 3;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  get pending(): number {
    return this.rows.length;
  }

  push(row: T): void {
    this.rows.push(row);
    if (this.rows.length >= this.maxRows && !this.flushing) void this.flush();
  }

  /** Writes what is buffered; never throws (failures are retried, then spilled). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and writes (or spills) everything left: the last thing before the database closes. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    if (this.rows.length > 0) await this.flush();
  }

  private async drain(): Promise<void> {
    // One batch per flush, more only while full batches wait (or when closing): rows that arrive during a
    // write wait for the next tick instead of going out a few at a time in a tight loop of small inserts.
    for (let first = true; this.rows.length > 0; first = false) {
      const spilling = this.failures >= this.maxFailures;
      if (!first && !this.closing && !spilling && this.rows.length < this.maxRows) break;
      const batch = this.rows.splice(0, this.maxRows);
      try {
        await this.options.write(batch);
        this.failures = 0;
      } catch (error) {
        this.failures++;
        if (this.failures < this.maxFailures && !this.closing) {
          this.rows.unshift(...batch);
          this.options.log.warn(
            { writer: this.options.name, rows: batch.length, message: (error as Error).message },
            'analytics write failed; will retry',
          );
          return;
        }
        await this.spill(batch);
      }
    }
    if (this.failures === 0) await this.replay();
  }

  private spillFiles(): string[] {
    try {
      return fs
        .readdirSync(this.options.spillDir)
        .filter((f) => f.startsWith(`${this.options.name}-`) && f.endsWith('.ndjson'))
        .sort();
    } catch {
      return [];
    }
  }

  private async spill(batch: T[]): Promise<void> {
    const name = `${this.options.name}-${Date.now()}-${process.pid}-${this.spillSequence++}.ndjson`;
    const file = path.join(this.options.spillDir, name);
    try {
      await fs.promises.mkdir(this.options.spillDir, { recursive: true });
      const temporary = `${file}.tmp`;
      await fs.promises.writeFile(temporary, batch.map((row) => JSON.stringify(row)).join('\n'));
      await fs.promises.rename(temporary, file);
      this.options.log.warn(
        { writer: this.options.name, rows: batch.length, file: name },
        'analytics spilled',
      );
    } catch (error) {
      this.options.log.error(
        { writer: this.options.name, rows: batch.length, message: (error as Error).message },
        'analytics rows lost: cannot write to the database nor spill to disk',
      );
    }
  }

  /** Writes spilled files back, oldest first; stops at the first failure and keeps the rest for later. */
  async replay(): Promise<number> {
    let replayed = 0;
    for (const name of this.spillFiles()) {
      const file = path.join(this.options.spillDir, name);
      const rows = this.readSpill(file);
      try {
        for (let i = 0; i < rows.length; i += this.maxRows) {
          // One file is one batch of at most maxRows rows (spill() writes batches), so this runs once.
          await this.options.write(rows.slice(i, i + this.maxRows), i === 0 ? name : `${name}#${i}`);
        }
        await fs.promises.rm(file, { force: true });
        replayed += rows.length;
      } catch (error) {
        this.options.log.warn(
          { writer: this.options.name, message: (error as Error).message },
          'replay failed',
        );
        break;
      }
    }
    return replayed;
  }

  private readSpill(file: string): T[] {
    const rows: T[] = [];
    let bad = 0;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const row = this.options.revive(JSON.parse(line));
        if (row !== undefined) rows.push(row);
        else bad++;
      } catch {
        bad++;
      }
    }
    if (bad > 0)
      this.options.log.warn({ writer: this.options.name, bad }, 'unreadable lines in a spill file');
    return rows;
  }
}
