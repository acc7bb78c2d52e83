import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from '../../../test/helpers/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { BatchWriter } from './writer.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
const silent = { warn: () => undefined, error: () => undefined };
const temporaryDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-analytics-'));
  temporaryDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function countPageviews(db: Db): Promise<number> {
  const result = (await db.execute(sql`select count(*)::int as n from web_pageviews`)) as unknown as {
    rows: { n: number }[];
  };
  return result.rows[0]?.n ?? 0;
}

/** The app as server.ts builds it: the database closes in an onClose hook added after buildApp. */
async function serverLikeApp(test: TestDatabase, dataDir: string, onDatabaseClose?: () => Promise<void>) {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_DATA: 'false' });
  const app = await buildApp({
    config,
    database: test.database,
    clock: new ManualClock(new Date()),
    secret: TEST_SECRET,
  });
  app.addHook('onClose', async () => {
    await onDatabaseClose?.();
    await test.database.close();
  });
  await app.ready();
  return app;
}

const view = (app: FastifyInstance) => app.inject({ url: '/az', headers: { 'user-agent': BROWSER } });

describe('batched writes', () => {
  it('retries a failed write on the next flush without losing or spilling rows', async () => {
    const written: number[] = [];
    let failuresLeft = 2;
    const writer = new BatchWriter<number>({
      name: 'numbers',
      spillDir: tempDir(),
      log: silent,
      revive: (raw) => raw as number,
      write: async (rows) => {
        if (failuresLeft-- > 0) throw new Error('database away');
        written.push(...rows);
      },
    });
    for (let i = 0; i < 5; i++) writer.push(i);
    await writer.flush();
    await writer.flush();
    assert.equal(writer.pending, 5);
    await writer.flush();
    assert.deepEqual(written, [0, 1, 2, 3, 4]);
    assert.equal(writer.pending, 0);
  });

  it('writes rows that arrive during a write with the next flush, not in a loop of small writes', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number>({
      name: 'numbers',
      spillDir: tempDir(),
      log: silent,
      maxRows: 100,
      revive: (raw) => raw as number,
      write: async (rows) => {
        batches.push(rows);
        // Requests keep recording while the database works (during the first writes).
        if (batches.length <= 3) for (let i = 0; i < 3; i++) writer.push(1000 + i);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    for (let i = 0; i < 5; i++) writer.push(i);
    await writer.flush();
    assert.deepEqual(batches, [[0, 1, 2, 3, 4]], 'one write per flush');
    assert.equal(writer.pending, 3);
    for (let i = 0; i < 250; i++) writer.push(i);
    await writer.flush();
    assert.deepEqual(
      batches.slice(1).map((b) => b.length),
      [100, 100],
      'full batches go out at once, the rest waits',
    );
    assert.equal(writer.pending, 59);
    await writer.close();
    assert.equal(writer.pending, 0, 'closing writes everything');
  });

  it('spills to disk while the database stays away and replays exactly once when it is back', async () => {
    const dir = tempDir();
    const written: number[] = [];
    const replayedFiles = new Set<string>();
    let away = true;
    const writer = new BatchWriter<number>({
      name: 'numbers',
      spillDir: dir,
      log: silent,
      maxRows: 3,
      revive: (raw) => (typeof raw === 'number' ? raw : undefined),
      write: async (rows, file) => {
        if (away) throw new Error('database away');
        if (file && replayedFiles.has(file)) return;
        if (file) replayedFiles.add(file);
        written.push(...rows);
      },
    });
    for (let i = 0; i < 7; i++) writer.push(i);
    for (let i = 0; i < 3; i++) await writer.flush();
    assert.equal(writer.pending, 0, 'memory does not fill up while the database is away');
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 3);
    fs.appendFileSync(path.join(dir, files[0] as string), '\n{not json');
    away = false;
    writer.push(99);
    await writer.flush();
    assert.deepEqual(
      written.sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 99],
    );
    assert.deepEqual(fs.readdirSync(dir), []);
    // A file left behind by a crash after its commit is recognised and not counted again.
    fs.writeFileSync(path.join(dir, files[1] as string), '1\n2');
    assert.equal(await writer.replay(), 2);
    assert.equal(written.length, 8);
  });
});

describe('shutdown', () => {
  it('flushes the buffer before server.ts closes the database', async () => {
    const test = await createTestDatabase();
    let countWhenClosing = -1;
    const app = await serverLikeApp(test, tempDir(), async () => {
      countWhenClosing = await countPageviews(test.database.db);
    });
    for (let i = 0; i < 3; i++) assert.equal((await view(app)).statusCode, 200);
    assert.equal(app.analytics.buffered, 3);
    await app.close();
    assert.equal(countWhenClosing, 3);
    await test.drop();
  });

  it('spills what it cannot write and replays it on the next start', async () => {
    const dataDir = tempDir();
    const first = await createTestDatabase();
    const app = await serverLikeApp(first, dataDir);
    for (let i = 0; i < 4; i++) await view(app);
    await first.database.close();
    await app.close();
    const spilled = fs.readdirSync(path.join(dataDir, 'analytics-spill'));
    assert.ok(spilled.some((f) => f.startsWith('pageviews-')));
    await first.drop();

    const second = await createTestDatabase();
    const restarted = await serverLikeApp(second, dataDir);
    await restarted.analytics.replay();
    assert.equal(await countPageviews(second.database.db), 4);
    assert.equal(await restarted.analytics.replay(), 0);
    assert.equal(await countPageviews(second.database.db), 4);
    await restarted.close();
    await second.drop();
  });
});
