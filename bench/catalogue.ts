import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importCatalogue } from '../src/modules/catalogue/import.ts';
import { demoCatalogue } from '../src/modules/catalogue/seed.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { generated, searchPaths } from './catalogue-data.ts';
import { createBenchDatabase, type Measurement, measure as measureLoad, report } from './lib.ts';

// bench:catalogue — catalogue search against /healthz, same app, same run, on PostgreSQL: first the demo
// catalogue (423 services), then a generated one of 20,000. The app runs in this process (buildApp);
// autocannon fires from a worker thread, so the two do not share an event loop.
// Goal (catalogue issue): search >= 25% of /healthz requests/s with p99 <= 50 ms on 20,000 services.
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const GENERATED = Number(process.env.BENCH_SERVICES ?? 20_000);

function measure(name: string, base: string, paths: string[]): Promise<Measurement> {
  return measureLoad(name, {
    url: base,
    duration,
    workers: 1,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
}

const benchDatabase = await createBenchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-bench-'));
const database = await openDatabase({ databaseUrl: benchDatabase.url });
const config = loadConfig({ DATABASE_URL: benchDatabase.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const app = await buildApp({
  config,
  database,
  clock: systemClock,
  secret: 'bench-secret-that-is-long-enough-for-cookies',
});
try {
  await migrate(database);
  const demo = demoCatalogue('demo');
  await importCatalogue(database.db, demo, { at: new Date(), actor: { role: 'bench' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const api = searchPaths(demo, '/api/v1/services?');
  const pages = searchPaths(demo, '/en/services?');

  const run = async (label: string) => {
    // Every query once, so the cached runs measure the steady state (the cache then refreshes itself).
    for (const p of [...api, ...pages]) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
    await measure('warm-up', base, ['/healthz']);
    const healthz = await measure(`/healthz (${label})`, base, ['/healthz']);
    const cached = await measure(`API search, cached (${label})`, base, api);
    const page = await measure(`search page, cached (${label})`, base, pages);
    app.catalogue.setCaching(false);
    const cold = await measure(`API search, every request to PostgreSQL (${label})`, base, api);
    app.catalogue.setCaching(true);
    report(healthz, [cached, page, cold]);
    return { healthz, cached, cold };
  };

  console.log(
    `\nDemo catalogue: ${demo.services?.length} services, ${api.length} different queries, 50 connections`,
  );
  await run('demo');
  const started = Date.now();
  await importCatalogue(
    database.db,
    { services: generated(demo, GENERATED) },
    { at: new Date(), actor: { role: 'bench' } },
  );
  console.log(`\nGenerated ${GENERATED} more services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  app.catalogue.invalidate();
  const big = await run(`${GENERATED + (demo.services?.length ?? 0)}`);
  for (const [what, m] of [
    ['cached', big.cached],
    ['uncached', big.cold],
  ] as const) {
    const ratio = m.requestsPerSecond / big.healthz.requestsPerSecond;
    const met = ratio >= 0.25 && m.p99 <= 50;
    console.log(
      `search (${what}) / healthz = ${(ratio * 100).toFixed(1)}%, p99 ${m.p99} ms (goal >= 25%, p99 <= 50 ms): ${met ? 'met' : 'NOT met'}`,
    );
  }
} finally {
  await app.close();
  await database.close();
  await benchDatabase.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
