import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { lineKey } from './keys.ts';

describe('import keys', () => {
  it('keys a line by its SHA-256, as before', () => {
    const line = '{"type":"passcode_issued","at":"2016-02-11T09:05:00+04:00"}';
    const old = crypto.createHash('sha256').update(line).digest('base64url').slice(0, 32);
    assert.equal(lineKey(line), `imp:${old}`);
  });
});
