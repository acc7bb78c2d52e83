import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCommonPasscode } from './common-passcodes.ts';
import { checkPasscodeRules, hashPasscode, needsRehash, verifyPasscode } from './passcode.ts';

const person = { fin: '5ZK3M7A', birthDate: '1990-04-12' };

describe('passcode hashing', () => {
  it('records the scrypt parameters in every hash and verifies', async () => {
    const hash = await hashPasscode('Xəzər dənizi sahil');
    assert.match(hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await verifyPasscode('Xəzər dənizi sahil', hash), true);
    assert.equal(await verifyPasscode('Xəzər dənizi sahiL', hash), false);
  });

  it('verifies hashes made with older (lower) parameters and asks to rehash them', async () => {
    const old = await hashPasscode('köhnə parol 2020', { N: 1024, r: 8, p: 1 });
    assert.equal(await verifyPasscode('köhnə parol 2020', old), true);
    assert.equal(needsRehash(old), true);
    assert.equal(needsRehash(await hashPasscode('təzə parol 2026')), false);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'scrypt$99999999$8$1$a$b', 'argon2$1$2$3$4$5'])
      assert.equal(await verifyPasscode('whatever', bad), false);
  });
});

describe('passcode rules', () => {
  it('accepts a long unusual passcode', () => {
    assert.equal(checkPasscodeRules('Bahar-gunu-2026', person), undefined);
    assert.equal(checkPasscodeRules('üç təsadüfi söz', person), undefined);
  });

  it('names the broken rule', () => {
    assert.equal(checkPasscodeRules('short1!', person), 'tooShort');
    assert.equal(checkPasscodeRules('x'.repeat(129), person), 'tooLong');
    assert.equal(checkPasscodeRules('password123', person), 'common');
    assert.equal(checkPasscodeRules('Qwerty2026!', person), 'common');
    assert.equal(checkPasscodeRules('my-5zk3m7a-key', person), 'containsFin');
    assert.equal(checkPasscodeRules('born 12.04.1990 ok', person), 'containsBirthDate');
    assert.equal(checkPasscodeRules('19900412-zebra', person), 'containsBirthDate');
  });

  it('knows the shipped list and the usual patterns', () => {
    for (const common of [
      'azerbaycan',
      'qarabag123',
      '11111111',
      '12345678',
      'abcabcabc',
      'hgfedcba',
      '98765432',
    ])
      assert.equal(isCommonPasscode(common), true, common);
    assert.equal(isCommonPasscode('lavender-goat-piano'), false);
  });
});
