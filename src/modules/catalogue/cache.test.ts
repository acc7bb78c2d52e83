import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../platform/clock.ts';
import { TtlCache } from './cache.ts';

describe('catalogue cache', () => {
  it('loads once for concurrent requests, serves a stale answer while reloading, then the fresh one', async () => {
    const clock = new ManualClock();
    const cache = new TtlCache(clock, 10, 1000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.through('k', load), cache.through('k', load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    clock.advance(1500);
    assert.equal(await cache.through('k', load), 1, 'stale but served');
    await new Promise((r) => setImmediate(r));
    assert.equal(await cache.through('k', load), 2, 'reloaded in the background');
    clock.advance(5000);
    assert.equal(await cache.through('k', load), 3, 'too old to serve: loaded again');
  });

  it('forgets failures, evicts the least recently used entry and can be cleared or turned off', async () => {
    const clock = new ManualClock();
    const cache = new TtlCache(clock, 2, 1000);
    await assert.rejects(cache.through('x', async () => Promise.reject(new Error('db away'))));
    assert.equal(await cache.through('x', async () => 'ok'), 'ok');
    await cache.through('y', async () => 'y');
    await cache.through('z', async () => 'z');
    assert.equal(await cache.through('x', async () => 'reloaded'), 'reloaded');
    cache.clear();
    assert.equal(await cache.through('y', async () => 'after clear'), 'after clear');
    const off = new TtlCache(clock, 0, 1000);
    let n = 0;
    await off.through('k', async () => ++n);
    await off.through('k', async () => ++n);
    assert.equal(n, 2);
  });
});
