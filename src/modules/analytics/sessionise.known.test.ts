import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KnownVisitors } from './sessionise.known.ts';

describe('visitors a sessionising run has stored', () => {
  it('knows a visitor only once its chunk committed, with its earliest first visit', () => {
    const known = new KnownVisitors();
    known.stage('v1', 100);
    assert.equal(known.covers('v1', 100), false, 'staged, not committed');
    known.commit();
    assert.equal(known.covers('v1', 100), true);
    assert.equal(known.covers('v1', 250), true, 'a later first visit in a later chunk changes nothing');
    assert.equal(known.covers('v1', 99), false, 'an earlier one may move the first visit');
    known.stage('v1', 40);
    known.stage('v1', 60);
    known.commit();
    assert.equal(known.covers('v1', 40), true);
    assert.equal(known.covers('v1', 39), false);
    assert.equal(known.covers('v2', 1e15), false, 'another key');
    assert.equal(known.covers('v', 1e15), false, 'a prefix');
  });

  it('numbers many keys, bytes of any value, and stops growing at its limit', () => {
    const known = new KnownVisitors(200_000);
    for (let i = 0; i < 5_000; i++) known.stage(`k\u00ff${i}`, i);
    known.commit();
    assert.ok(known.size > 1_000 && known.size < 5_000, `${known.size} keys within 200,000 bytes`);
    assert.equal(known.covers('k\u00ff0', 0), true);
    assert.equal(known.covers('k\u00ff4999', 1e9), false, 'beyond the limit: left to the database');
    known.clear();
    assert.equal(known.covers('k\u00ff0', 0), false);
    assert.equal(known.size, 0);
  });
});
