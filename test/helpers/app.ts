import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabaseOptions } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

export interface TestAppOptions extends TestDatabaseOptions {
  env?: Record<string, string>;
}

/** The whole portal on a fresh isolated database, as the server builds it; close() drops everything. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-test-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_DATA: 'false', ...options.env });
  const { database, drop } = await createTestDatabase(options);
  const clock = new ManualClock(new Date());
  const app = await buildApp({ config, database, clock, secret: TEST_SECRET });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    close: async () => {
      await app.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
