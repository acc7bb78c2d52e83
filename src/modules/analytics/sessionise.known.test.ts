import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteKeys } from './sessionise.binary.ts';
import { KnownVisitors } from './sessionise.known.ts';

/** A chunk's visitor keys, as the cut numbers them: each string's bytes (latin1). */
function chunkOf(...names: string[]): { keys: ByteKeys; id: (name: string) => number } {
  const keys = new ByteKeys();
  for (const name of names) keys.id(Buffer.from(name, 'latin1'), 0, name.length);
  return { keys, id: (name) => keys.id(Buffer.from(name, 'latin1'), 0, name.length, false) };
}

describe('visitors a sessionising run has stored', () => {
  it('knows a visitor only once its chunk committed, with its earliest first visit, in any later chunk', () => {
    const known = new KnownVisitors();
    const first = chunkOf('v0', 'v1');
    known.stage(first.keys, first.id('v1'), 100);
    assert.equal(known.covers(first.keys, first.id('v1'), 100), false, 'staged, not committed');
    known.commit();
    // Another chunk numbers its visitors its own way: v1 is its third.
    const second = chunkOf('v2', 'v', 'v1');
    assert.equal(known.covers(second.keys, second.id('v1'), 100), true);
    assert.equal(
      known.covers(second.keys, second.id('v1'), 250),
      true,
      'a later first visit changes nothing',
    );
    assert.equal(
      known.covers(second.keys, second.id('v1'), 99),
      false,
      'an earlier one may move the first visit',
    );
    known.stage(second.keys, second.id('v1'), 40);
    known.stage(first.keys, first.id('v1'), 60);
    known.commit();
    assert.equal(known.covers(second.keys, second.id('v1'), 40), true);
    assert.equal(known.covers(second.keys, second.id('v1'), 39), false);
    assert.equal(known.covers(second.keys, second.id('v2'), 1e15), false, 'another key');
    assert.equal(known.covers(second.keys, second.id('v'), 1e15), false, 'a prefix');
    assert.equal(known.covers(first.keys, first.id('v0'), 1e15), false, 'a visitor of a chunk, not staged');
  });

  it('numbers many keys, bytes of any value, and stops growing at its limit', () => {
    const known = new KnownVisitors(200_000);
    const names = Array.from({ length: 5_000 }, (_, i) => `k\u00ff\u0000${i}`);
    const chunk = chunkOf(...names);
    names.forEach((name, i) => {
      known.stage(chunk.keys, chunk.id(name), i);
    });
    known.commit();
    assert.ok(known.size > 1_000 && known.size < 5_000, `${known.size} keys within 200,000 bytes`);
    const again = chunkOf(...[...names].reverse());
    assert.equal(known.covers(again.keys, again.id(names[0] as string), 0), true);
    assert.equal(
      known.covers(again.keys, again.id(names[4_999] as string), 1e9),
      false,
      'beyond the limit: left to the database',
    );
    known.clear();
    assert.equal(known.covers(again.keys, again.id(names[0] as string), 0), false);
    assert.equal(known.size, 0);
  });
});
