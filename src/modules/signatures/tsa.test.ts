import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type SignaturesWorld, signaturesWorld } from './signatures.test-helper.ts';
import { TSA_POLICY } from './tsa.ts';

describe('timestamp authority (RFC 3161)', () => {
  let w: SignaturesWorld;
  before(async () => {
    w = await signaturesWorld();
    const pem = await w.t.app.inject('/pki/tsa/certificate.pem');
    assert.equal(pem.statusCode, 200);
    w.ssl.file('tsa.pem', pem.body);
  });
  after(async () => w.close());

  async function post(query: Uint8Array, type = 'application/timestamp-query') {
    const res = await fetch(`${w.url}/pki/tsa`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: Buffer.from(query),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: new Uint8Array(await res.arrayBuffer()),
    };
  }

  for (const digest of ['sha256', 'sha1', 'sha384', 'sha512']) {
    it(`answers an openssl ${digest} query that openssl ts -verify accepts, nonce and policy shown`, async () => {
      const { ssl } = w;
      ssl.file('data.txt', `the document (${digest})`);
      const query = ssl.run('ts', '-query', '-data', 'data.txt', `-${digest}`, '-cert', '-out', 'req.tsq');
      assert.equal(query.status, 0, query.output);
      const res = await post(fs.readFileSync(ssl.file('req.tsq')));
      assert.equal(res.status, 200);
      assert.equal(res.type, 'application/timestamp-reply');
      ssl.file('resp.tsr', res.body);
      const verify = ssl.run(
        'ts',
        '-verify',
        '-data',
        'data.txt',
        '-in',
        'resp.tsr',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'tsa.pem',
      );
      assert.equal(verify.status, 0, verify.output);
      assert.match(verify.output, /Verification: OK/);
      const text = ssl.run('ts', '-reply', '-in', 'resp.tsr', '-text').output;
      assert.match(text, /Status: Granted/);
      assert.match(text, new RegExp(`Policy OID: ${TSA_POLICY.replaceAll('.', '\\.')}`));
      const sent = ssl.run('ts', '-query', '-in', 'req.tsq', '-text').output;
      const nonce = /Nonce: (0x[0-9A-F]+)/i.exec(sent)?.[1];
      assert.ok(nonce, sent);
      assert.match(text, new RegExp(`Nonce: ${nonce}`));
      // Checked against the query too (nonce and imprint), as a client would.
      const byQuery = ssl.run(
        'ts',
        '-verify',
        '-queryfile',
        'req.tsq',
        '-in',
        'resp.tsr',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'tsa.pem',
      );
      assert.equal(byQuery.status, 0, byQuery.output);
    });
  }

  it('rejects bad requests with a PKIStatus, never a 500', async () => {
    const { ssl } = w;
    for (const body of [
      new TextEncoder().encode('not a request'),
      new Uint8Array([0x30, 0x03, 0x02, 0x01]),
    ]) {
      const res = await post(body);
      assert.equal(res.status, 200);
      ssl.file('bad.tsr', res.body);
      const text = ssl.run('ts', '-reply', '-in', 'bad.tsr', '-text').output;
      assert.match(text, /Status: Rejected/);
      assert.match(text, /Failure info: the data submitted has the wrong format/);
    }
    // An unknown policy is refused as such.
    ssl.file('data.txt', 'x');
    assert.equal(
      ssl.run('ts', '-query', '-data', 'data.txt', '-tspolicy', '1.2.3.4', '-out', 'policy.tsq').status,
      0,
    );
    ssl.file('policy.tsr', (await post(fs.readFileSync(ssl.file('policy.tsq')))).body);
    assert.match(
      ssl.run('ts', '-reply', '-in', 'policy.tsr', '-text').output,
      /requested TSA policy is not supported/,
    );
    const empty = await post(new Uint8Array());
    assert.equal(empty.status, 200);
    const wrongType = await post(new Uint8Array([1, 2]), 'application/octet-stream');
    assert.notEqual(wrongType.status, 500);
  });
});
