import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { pseudonym } from '../../platform/secret.ts';
import { lineKey, pseudonymizer } from './keys.ts';

describe('import keys', () => {
  it('gives exactly the platform pseudonym, for short and long secrets, cached or not', () => {
    for (const secret of ['short', 'x'.repeat(64), `long-${'y'.repeat(100)}`]) {
      const fast = pseudonymizer(secret, 'statistics.user');
      for (const value of ['u1', 'u8812', 'ünïcödé', 'u1'])
        assert.equal(fast(value), pseudonym(secret, 'statistics.user', value), `${secret} ${value}`);
    }
  });

  it('keys a line by its SHA-256, as before', () => {
    const line = '{"type":"passcode_issued","at":"2016-02-11T09:05:00+04:00"}';
    const old = crypto.createHash('sha256').update(line).digest('base64url').slice(0, 32);
    assert.equal(lineKey(line), `imp:${old}`);
  });
});
