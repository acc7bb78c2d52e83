import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinaryWriter, ByteKeys } from './sessionise.binary.ts';
import { type ChunkRows, cutChunk } from './sessionise.cut.ts';

const MINUTE = 60_000_000;

/** A binary COPY of pageviews in fetchChunk's columns: 61 visitors over 3 days, some anonymous. */
function copied(): Buffer {
  const out = new BinaryWriter();
  for (let i = 0; i < 900; i++) {
    const visitor = i % 11 === 0 ? null : `vis-${i % 61}-${'é'.repeat(i % 3)}`;
    out.tuple(11);
    out.int8(i + 1);
    // Gaps of 7 to 42 minutes: some views start a new visit, some do not.
    out.int8(9_000 * 86_400_000_000 + (i % 3) * 86_400_000_000 + i * (7 + (i % 6) * 7) * MINUTE);
    out.text(visitor);
    out.int4(9_000 + (i % 3));
    out.text(['desktop', 'mobile', null][i % 3] ?? null);
    out.text(['az', 'ru', 'en'][i % 3] ?? null);
    out.text(i % 5 === 0 ? 'google.com' : null);
    out.text(i % 2 ? `/services/S${i % 4}` : '/');
    out.text(i % 2 ? 'service' : 'home');
    out.text(i % 2 ? `S${i % 4}` : null);
    out.text(i % 7 === 0 ? `A${i % 3}` : null);
  }
  return out.end();
}

/** The stream cut into pieces of `size` bytes, as the network may deliver it. */
function pieces(stream: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < stream.length; at += size) parts.push(Buffer.from(stream.subarray(at, at + size)));
  return parts;
}

/** A chunk's rows with its visitors as their keys (the table holds references to the stream's pieces). */
function comparable(chunk: ChunkRows) {
  const { visitors } = chunk;
  const keys = Array.from({ length: visitors.size }, (_, v) =>
    visitors.keys.bytes.toString('latin1', visitors.start(v), visitors.start(v) + visitors.length(v)),
  );
  return { ...chunk, visitors: keys };
}

describe('cutting a chunk in the process', () => {
  it('gives the same rows however the stream is split, rows and header cut anywhere', async () => {
    const stream = copied();
    const whole = await cutChunk([stream]);
    assert.equal(whole.pageviews, 900);
    assert.ok(whole.visitorDays.dates.length > 60, 'visitors on several days');
    assert.equal(whole.visitors.size, 183, 'vis-0 .. vis-60, each with three suffixes');
    for (const size of [1, 7, 19, 64, 1000]) {
      const split = await cutChunk(pieces(stream, size));
      assert.deepEqual(comparable(split), comparable(whole), `pieces of ${size} bytes`);
    }
  });

  it('numbers byte strings by their bytes, across buffers and as the table grows', () => {
    const keys = new ByteKeys();
    const a = Buffer.from('xxabcxx');
    assert.equal(keys.id(a, 2, 3), 0);
    assert.equal(keys.id(Buffer.from('abc'), 0, 3), 0, 'the same bytes in another buffer');
    assert.equal(keys.id(a, 2, 2), 1, 'a prefix is another key');
    for (let i = 0; i < 10_000; i++)
      assert.equal(keys.id(Buffer.from(`key ${i}`), 0, `key ${i}`.length), i + 2);
    for (let i = 0; i < 10_000; i += 997)
      assert.equal(keys.id(Buffer.from(`key ${i}`), 0, `key ${i}`.length), i + 2);
    assert.equal(keys.size, 10_002);
    assert.equal(keys.id(Buffer.from('key x'), 0, 5, false), -1, 'looked up, not added');
    assert.equal(keys.size, 10_002);
    assert.equal(keys.keys.bytes.toString('latin1', keys.start(2), keys.start(2) + keys.length(2)), 'key 0');
  });
});
