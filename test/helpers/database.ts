import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ManualClock } from '../../src/platform/clock.ts';
import { type Database, openDatabase } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { runSeeders } from '../../src/platform/db/seed.ts';
import { demoSeeders } from '../../src/seeders.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, '.cache');
export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestDatabaseOptions {
  /** Load the demo data (slower to prepare once; then as fast as an empty one). */
  demo?: boolean;
}

/** Changes whenever the schema or the demo data could change, so stale snapshots are never used. */
function fingerprint(demo: boolean): string {
  const hash = crypto.createHash('sha256');
  const dirs = demo ? ['migrations', 'src'] : ['migrations'];
  for (const dir of dirs) {
    const files = fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true });
    const paths = files.filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name));
    for (const file of paths.sort()) {
      if (file.endsWith('.test.ts')) continue;
      hash.update(file).update(fs.readFileSync(file));
    }
  }
  return `${demo ? 'demo' : 'empty'}-${hash.digest('hex').slice(0, 12)}`;
}

async function prepareDatabase(database: Database, demo: boolean): Promise<void> {
  await migrate(database);
  if (demo) {
    const log = { info: () => undefined };
    await runSeeders(demoSeeders, {
      database,
      clock: new ManualClock(),
      secret: TEST_SECRET,
      log,
      profile: 'test',
    });
  }
}

async function pgliteSnapshot(demo: boolean): Promise<Blob> {
  const file = path.join(cacheDir, `pglite-${fingerprint(demo)}.tar.gz`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({});
    await prepareDatabase(database, demo);
    const dump = await database.pglite?.dumpDataDir('gzip');
    await database.close();
    if (!dump) throw new Error('PGlite did not produce a snapshot');
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, file);
    removeStaleSnapshots(file);
  }
  return new Blob([fs.readFileSync(file)]);
}

/** Snapshots of older fingerprints pile up while code changes; keep the last hour's, others may be in use. */
function removeStaleSnapshots(current: string): void {
  const hourAgo = Date.now() - 3600_000;
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (!name.startsWith('pglite-') || file === current) continue;
    if (fs.statSync(file).mtimeMs < hourAgo) fs.rmSync(file, { force: true });
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function urlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A migrated (and optionally seeded) template database, made once per fingerprint and copied per test file. */
async function postgresTemplate(adminUrl: string, demo: boolean): Promise<string> {
  const name = `egov_tpl_${fingerprint(demo).replace('-', '_')}`;
  await withAdmin(adminUrl, async (admin) => {
    await admin.query('select pg_advisory_lock(7318005)');
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount) return;
      const prefix = `egov_tpl_${demo ? 'demo' : 'empty'}_%`;
      const stale = await admin.query('select datname from pg_database where datname like $1', [prefix]);
      for (const row of stale.rows)
        await admin.query(`drop database if exists "${row.datname}" with (force)`);
      await admin.query(`create database "${name}_building"`);
      const database = await openDatabase({ databaseUrl: urlFor(adminUrl, `${name}_building`) });
      try {
        await prepareDatabase(database, demo);
      } finally {
        await database.close();
      }
      await admin.query(`alter database "${name}_building" rename to "${name}"`);
    } finally {
      await admin.query('select pg_advisory_unlock(7318005)');
    }
  });
  return name;
}

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/** A fresh, isolated database: PGlite from a snapshot, or a new PostgreSQL database when TEST_DATABASE_URL is set. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const demo = options.demo ?? false;
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({ pgliteSnapshot: await pgliteSnapshot(demo) });
    return { database, drop: () => database.close() };
  }
  const template = await postgresTemplate(adminUrl, demo);
  const name = `egov_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database "${name}" template "${template}"`));
  const database = await openDatabase({ databaseUrl: urlFor(adminUrl, name) });
  return {
    database,
    drop: async () => {
      await database.close();
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** Builds the snapshots or templates before test files run in parallel, so they do not race to build them. */
export async function prepareTestDatabases(): Promise<void> {
  for (const demo of [false, true]) {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) await postgresTemplate(adminUrl, demo);
    else await pgliteSnapshot(demo);
  }
}
