import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pseudonym, pseudonymizer, sharedPseudonymizer } from './secret.ts';

describe('pseudonymizer', () => {
  it('gives exactly pseudonym(), for short and long secrets, cached or not', () => {
    for (const secret of ['short', 'x'.repeat(64), `long-${'y'.repeat(100)}`])
      for (const cache of [0, 2]) {
        const fast = pseudonymizer(secret, 'statistics.user', cache);
        for (const value of ['u1', 'u8812', 'ünïcödé', 'u1', 'u2', 'u3', 'u1'])
          assert.equal(
            fast(value),
            pseudonym(secret, 'statistics.user', value),
            `${secret} ${value} ${cache}`,
          );
      }
  });

  it('keys the same value differently for another purpose or secret', () => {
    const a = pseudonymizer('secret-one', 'analytics.vid');
    assert.notEqual(a('v1'), pseudonymizer('secret-one', 'statistics.user')('v1'));
    assert.notEqual(a('v1'), pseudonymizer('secret-two', 'analytics.vid')('v1'));
  });

  it('shares one per secret and purpose in a process', () => {
    const a = sharedPseudonymizer('secret-one', 'analytics.vid', 10);
    assert.equal(sharedPseudonymizer('secret-one', 'analytics.vid', 10), a);
    assert.notEqual(sharedPseudonymizer('secret-one', 'statistics.user', 10), a);
    assert.notEqual(sharedPseudonymizer('secret-two', 'analytics.vid', 10), a);
    assert.equal(a('v1'), pseudonym('secret-one', 'analytics.vid', 'v1'));
  });
});
