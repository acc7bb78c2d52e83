import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../platform/clock.ts';
import { openDatabase } from '../../platform/db/client.ts';

describe('health', () => {
  it('reports alive and ready, then not ready when the database is gone', async () => {
    const t = await buildTestApp();
    after(() => t.close().catch(() => undefined));
    assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    await t.database.close();
    const notReady = await t.app.inject('/readyz');
    assert.equal(notReady.statusCode, 503);
    assert.equal((await t.app.inject('/healthz')).statusCode, 200);
  });
});

/** A TCP proxy in front of PostgreSQL that can cut the connection, to play "the database went away". */
function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      open = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('database outage on PostgreSQL', { skip: !process.env.TEST_DATABASE_URL }, () => {
  it('answers 503 while the database is away and recovers by itself', async () => {
    const target = new URL(process.env.TEST_DATABASE_URL as string);
    const proxy = cuttableProxy(target);
    const port = await proxy.listen();
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${port}`;
    const database = await openDatabase({ databaseUrl: viaProxy.toString(), onPoolError: () => undefined });
    const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATA_DIR: '/tmp/egov-outage' });
    const app = await buildApp({ config, database, clock: new ManualClock(), secret: 'x'.repeat(32) });
    app.get('/probe', async () => {
      await database.ping();
      return { ok: true };
    });
    after(async () => {
      await app.close();
      await database.close().catch(() => undefined);
      await proxy.close();
    });
    assert.equal((await app.inject('/readyz')).statusCode, 200);
    proxy.cut();
    assert.equal((await app.inject('/readyz')).statusCode, 503);
    const page = await app.inject({ url: '/probe', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /xidmət əlçatan deyil/);
    proxy.restore();
    assert.equal((await app.inject('/readyz')).statusCode, 200);
    assert.equal((await app.inject('/probe')).statusCode, 200);
  });
});
