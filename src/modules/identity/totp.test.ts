import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base32Decode,
  base32Encode,
  checkTotp,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpCodeForStep,
  totpStep,
} from './totp.ts';

// RFC 6238 appendix B uses the ASCII secret "12345678901234567890" (SHA-1).
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors (last 6 of the 8 digits)', () => {
    const vectors: [number, string][] = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
    ];
    for (const [seconds, code] of vectors) assert.equal(totpCode(RFC_SECRET, new Date(seconds * 1000)), code);
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(base32Encode(base32Decode(secret)), secret);
    assert.throws(() => base32Decode('not base32!'));
  });

  it('accepts one step of drift and refuses replays and malformed codes', () => {
    const at = new Date('2026-03-01T10:00:10Z');
    const step = totpStep(at);
    assert.equal(checkTotp(RFC_SECRET, totpCodeForStep(RFC_SECRET, step - 1), at, null), step - 1);
    assert.equal(checkTotp(RFC_SECRET, totpCodeForStep(RFC_SECRET, step + 1), at, null), step + 1);
    assert.equal(checkTotp(RFC_SECRET, totpCodeForStep(RFC_SECRET, step - 2), at, null), undefined);
    assert.equal(checkTotp(RFC_SECRET, totpCodeForStep(RFC_SECRET, step), at, step), undefined);
    assert.equal(checkTotp(RFC_SECRET, '12345', at, null), undefined);
    assert.equal(checkTotp(RFC_SECRET, 'abcdef', at, null), undefined);
  });

  it('builds an otpauth URI authenticator apps read', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'staff 1', 'e-gov portal');
    assert.equal(
      uri,
      'otpauth://totp/e-gov%20portal%3Astaff%201?secret=JBSWY3DPEHPK3PXP&issuer=e-gov%20portal&algorithm=SHA1&digits=6&period=30',
    );
  });
});
