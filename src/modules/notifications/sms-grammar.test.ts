import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSms } from './sms-grammar.ts';

describe('SMS keyword grammar', () => {
  it('reads the number portability keyword in three languages, normalising the number', () => {
    const expected = { kind: 'lookup', serviceCode: 'MCHT-0001', keys: { phone: '501234567' } };
    assert.deepEqual(parseSms('NET 0501234567'), { ...expected, lang: 'az' });
    assert.deepEqual(parseSms('net +994501234567'), { ...expected, lang: 'az' });
    assert.deepEqual(parseSms('  Number   501234567 '), { ...expected, lang: 'en' });
    assert.deepEqual(parseSms('номер 994501234567'), { ...expected, lang: 'ru' });
  });

  it('reads exam results with applicant code and secret number, with Azerbaijani casing', () => {
    const keys = { applicantCode: '1234567', secret: '654321' };
    assert.deepEqual(parseSms('TEST 1234567 654321'), {
      kind: 'lookup',
      serviceCode: 'SSAC-0001',
      keys,
      lang: 'az',
    });
    assert.deepEqual(parseSms('imtahan 1234567 654321'), {
      kind: 'lookup',
      serviceCode: 'SSAC-0001',
      keys,
      lang: 'az',
    });
    assert.deepEqual(parseSms('İmtahan 1234567 654321'), {
      kind: 'lookup',
      serviceCode: 'SSAC-0001',
      keys,
      lang: 'az',
    });
    assert.deepEqual(parseSms('Экзамен 1234567 654321'), {
      kind: 'lookup',
      serviceCode: 'SSAC-0001',
      keys,
      lang: 'ru',
    });
  });

  it('answers anything else with help, in the language of the keyword or the script', () => {
    assert.deepEqual(parseSms('HELLO'), { kind: 'help', lang: 'az' });
    assert.deepEqual(parseSms('привет'), { kind: 'help', lang: 'ru' });
    assert.deepEqual(parseSms(''), { kind: 'help', lang: 'az' });
    assert.deepEqual(parseSms('EXAM 1234567'), { kind: 'help', lang: 'en' }, 'a key missing');
    assert.deepEqual(parseSms('EXAM 12345 654321'), { kind: 'help', lang: 'en' }, 'a key malformed');
    assert.deepEqual(parseSms('NET 0501234567 extra'), { kind: 'help', lang: 'az' });
  });
});
