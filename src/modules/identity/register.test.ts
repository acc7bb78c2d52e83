import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateOrganisations, generatePeople } from './demo/generate.ts';
import { normaliseCardNumber, normaliseFin } from './register.ts';

describe('register formats', () => {
  it('normalises FINs and refuses malformed ones', () => {
    assert.equal(normaliseFin(' 5zk3m7a '), '5ZK3M7A');
    for (const bad of ['', '5ZK3M7', '5ZK3M7AB', '5ZK-M7A', 'ƏZK3M7A', '5ZK3M7A\u0000', 123, null, undefined])
      assert.equal(normaliseFin(bad), undefined, String(bad));
  });

  it('accepts both identity card formats and nothing else', () => {
    assert.equal(normaliseCardNumber('aze 1234 5678'), 'AZE12345678');
    assert.equal(normaliseCardNumber('AA1234567'), 'AA1234567');
    for (const bad of ['AZE1234567', 'AZE123456789', 'AA12345678', 'AB1234567', 'AZE1234567X', '', 7])
      assert.equal(normaliseCardNumber(bad), undefined, String(bad));
  });
});

describe('demo register generator', () => {
  it('is deterministic and gives valid, unique identifiers', () => {
    const a = generatePeople(2000, 42, new Set());
    const b = generatePeople(2000, 42, new Set());
    assert.deepEqual(a, b);
    assert.equal(new Set(a.map((p) => p.fin)).size, 2000);
    assert.equal(new Set(a.map((p) => p.cardNumber)).size, 2000);
    for (const p of a) {
      assert.equal(normaliseFin(p.fin), p.fin);
      assert.equal(normaliseCardNumber(p.cardNumber), p.cardNumber);
      assert.match(p.birthDate, /^\d{4}-\d{2}-\d{2}$/);
    }
    const expired = a.filter((p) => p.cardValidUntil < '2024-01-01').length;
    assert.ok(expired > 20 && expired < 150, `some cards expired (${expired})`);
  });

  it('does not reuse FINs or cards it is told are taken', () => {
    const taken = new Set(generatePeople(10, 7, new Set()).flatMap((p) => [p.fin, p.cardNumber]));
    const again = generatePeople(10, 7, new Set(taken));
    assert.ok(again.every((p) => !taken.has(p.fin)));
  });

  it('gives organisations 10-digit VÖEN numbers and representatives', () => {
    const orgs = generateOrganisations(50, 100, 1, new Set());
    assert.ok(orgs.some((o) => o.kind === 'state'));
    assert.equal(orgs.filter((o) => o.kind === 'legal').length, 50);
    for (const o of orgs) {
      assert.match(o.taxNumber, /^\d{10}$/);
      assert.ok(o.representatives.length >= 1);
    }
  });
});
