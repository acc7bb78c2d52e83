import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCsr } from './issue.ts';

describe('browser-made certificate request', () => {
  it('is a PKCS#10 the server parses, whose proof of possession verifies, from a non-extractable key', async () => {
    // @ts-expect-error: a plain browser ES module without types
    const { buildCsr, generateKeyPair } = await import('./static/csr.mjs');
    const keyPair = (await generateKeyPair()) as CryptoKeyPair;
    assert.equal(keyPair.privateKey.extractable, false);
    const pem = (await buildCsr(keyPair, 'Aysel Məmmədova')) as string;
    const check = await checkCsr(pem);
    assert.ok(check.ok, JSON.stringify(check));
    const tampered = pem.replace(/[A-Za-z](?=[^\n]*\n-----END)/, (c) => (c === 'A' ? 'B' : 'A'));
    const bad = await checkCsr(tampered);
    assert.equal(bad.ok, false);
  });
});
