import { createBenchDatabase, measure, report, startServer } from './lib.ts';

// bench:http — the rendered shell page against /healthz, same server, same run, PostgreSQL.
// Goal (issue 2): the page at least 30% of /healthz throughput.
const database = await createBenchDatabase();
const server = await startServer({ DATABASE_URL: database.url, DEMO_DATA: 'false' });
try {
  const duration = Number(process.env.BENCH_SECONDS ?? 10);
  await measure('warm-up', { url: `${server.url}/az`, duration: 2 });
  const healthz = await measure('/healthz', { url: `${server.url}/healthz`, duration });
  const home = await measure('/az (rendered shell page)', { url: `${server.url}/az`, duration });
  const privacy = await measure('/en/privacy', { url: `${server.url}/en/privacy`, duration });
  report(healthz, [home, privacy]);
  const ratio = home.requestsPerSecond / healthz.requestsPerSecond;
  console.log(
    `shell page / healthz = ${(ratio * 100).toFixed(1)}% (goal >= 30%): ${ratio >= 0.3 ? 'met' : 'NOT met'}`,
  );
} finally {
  await server.stop();
  await database.drop();
}
