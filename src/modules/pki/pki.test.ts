import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { ensureTestCa } from '../../../test/helpers/pki.ts';
import { registerOrganisations, registerRepresentatives } from '../identity/identity.tables.ts';
import { statEvents } from '../statistics/events.tables.ts';
import { OpenSsl } from './openssl.test-helper.ts';
import { pkiCertificates, pkiRequests } from './pki.tables.ts';

describe('certification centre', () => {
  let t: TestApp;
  let ssl: OpenSsl;
  let url: string;
  let resident: TestPerson;

  before(async () => {
    t = await buildTestApp();
    ssl = new OpenSsl();
    await ensureTestCa(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    resident = await createResident(t.database);
  });
  after(async () => {
    ssl.close();
    await t.close();
  });

  const fetchTo = async (path: string, file: string) => {
    const res = await t.app.inject(path);
    assert.equal(res.statusCode, 200, path);
    return ssl.file(file, res.rawPayload);
  };

  async function issueForResident(name: string): Promise<{ serial: string; pem: string }> {
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/pki/certificates');
    const res = await browser.post('/en/pki/certificates', { type: 'person', csr: ssl.csr(name) });
    assert.equal(res.statusCode, 303, res.body);
    const serial = /issued=([0-9a-f]+)/.exec(String(res.headers.location))?.[1] ?? '';
    const pem = await browser.get(`/en/pki/certificates/${serial}/pem`);
    assert.equal(pem.statusCode, 200);
    ssl.file(`${name}.pem`, pem.body);
    return { serial, pem: pem.body };
  }

  it('issues a person certificate from an openssl CSR that openssl verifies with the CRL', async () => {
    const { serial } = await issueForResident('alice');
    await fetchTo('/pki/ca/root.pem', 'root.pem');
    await fetchTo('/pki/ca/issuing.pem', 'issuing.pem');
    await fetchTo('/pki/crl/issuing.pem', 'issuing.crl.pem');
    await fetchTo('/pki/crl/root.pem', 'root.crl.pem');
    const verify = ssl.run(
      'verify',
      '-crl_check_all',
      '-CAfile',
      'root.pem',
      '-untrusted',
      'issuing.pem',
      '-CRLfile',
      'issuing.crl.pem',
      '-CRLfile',
      'root.crl.pem',
      'alice.pem',
    );
    assert.equal(verify.status, 0, verify.output);
    assert.match(verify.output, /alice.pem: OK/);
    const text = ssl.run('x509', '-in', 'alice.pem', '-noout', '-text', '-nameopt', 'RFC2253').output;
    assert.match(text, new RegExp(`serialNumber=PNOAZ-${resident.fin}`));
    assert.match(text, /Digital Signature, Non Repudiation/);
    assert.match(text, /1\.3\.6\.1\.4\.1\.99999\.1\.1/);
    assert.match(text, /OCSP - URI:http:\/\/localhost:3000\/pki\/ocsp/);
    assert.match(text, /URI:http:\/\/localhost:3000\/pki\/crl\/issuing\.crl/);
    const events = await t.database.db
      .select()
      .from(statEvents)
      .where(eq(statEvents.type, 'certificate_issued'));
    assert.ok(events.some((e) => e.subjectType === 'person'));
    assert.ok(serial.length > 0);
  });

  it('answers OCSP good, then revoked after the holder revokes; the new CRL verifies and lists it', async () => {
    const { serial } = await issueForResident('bob');
    await fetchTo('/pki/ca/chain.pem', 'chain.pem');
    const ocsp = (...extra: string[]) =>
      ssl.runAsync(
        'ocsp',
        ...extra,
        '-issuer',
        'issuing.pem',
        '-cert',
        'bob.pem',
        '-url',
        `${url}/pki/ocsp`,
        '-CAfile',
        'root.pem',
      );
    for (const extra of [[], ['-sha256'], ['-no_nonce']]) {
      const good = await ocsp(...extra);
      assert.equal(good.status, 0, good.output);
      assert.match(good.output, /Response verify OK/);
      assert.match(good.output, /bob.pem: good/);
    }
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/pki/certificates');
    const revoked = await browser.post(`/en/pki/certificates/${serial}/revoke`, { reason: '1' });
    assert.equal(revoked.statusCode, 303);
    for (const extra of [['-no_nonce'], ['-sha256']]) {
      const answer = await ocsp(...extra);
      assert.match(answer.output, /bob.pem: revoked/, answer.output);
      assert.match(answer.output, /Reason: keyCompromise/);
    }
    await fetchTo('/pki/crl/issuing.pem', 'after.crl.pem');
    const crl = ssl.run('crl', '-in', 'after.crl.pem', '-CAfile', 'chain.pem', '-noout', '-text');
    assert.match(crl.output, /verify OK/);
    assert.match(crl.output, new RegExp(serial.toUpperCase()));
    assert.match(crl.output, /X509v3 CRL Number:\s+\d+/);
    assert.match(crl.output, /Next Update:/);
    const verify = ssl.run(
      'verify',
      '-crl_check',
      '-CAfile',
      'root.pem',
      '-untrusted',
      'issuing.pem',
      '-CRLfile',
      'after.crl.pem',
      'bob.pem',
    );
    assert.notEqual(verify.status, 0);
    assert.match(verify.output, /certificate revoked/);
    const der = await t.app.inject('/pki/crl/issuing.crl');
    assert.equal(der.headers['content-type'], 'application/pkix-crl');
  });

  it('answers OCSP over GET and refuses malformed or foreign requests with an OCSP error status', async () => {
    ssl.run('ocsp', '-issuer', 'issuing.pem', '-cert', 'alice.pem', '-reqout', 'req.der', '-no_nonce');
    const request = (await import('node:fs')).readFileSync(ssl.file('req.der'));
    const get = await t.app.inject(`/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`);
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['content-type'], 'application/ocsp-response');
    const status = get.rawPayload.indexOf(Buffer.from([0x0a, 0x01])) + 2;
    assert.equal(get.rawPayload[status], 0x00, 'successful');
    assert.ok(get.rawPayload.length > 100);
    const post = (payload: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/pki/ocsp',
        payload,
        headers: { 'content-type': 'application/ocsp-request' },
      });
    // The cached answer for a hot certificate is byte-identical: no new signature was made.
    assert.deepEqual((await post(request)).rawPayload, (await post(request)).rawPayload);
    for (const bad of [Buffer.from('garbage'), request.subarray(0, 20), Buffer.alloc(0)]) {
      const res = await post(bad);
      assert.equal(res.statusCode, 200);
      assert.deepEqual([...res.rawPayload], [0x30, 0x03, 0x0a, 0x01, 0x01], 'malformedRequest');
    }
    const foreign = Buffer.from(request);
    const nameHash = foreign.indexOf(Buffer.from([0x04, 0x14])) + 2;
    foreign[nameHash] = (foreign[nameHash] ?? 0) ^ 0xff;
    assert.deepEqual([...(await post(foreign)).rawPayload], [0x30, 0x03, 0x0a, 0x01, 0x06], 'unauthorized');
    const garbageGet = await t.app.inject('/pki/ocsp/%%%');
    assert.ok(garbageGet.statusCode < 500);
  });

  it('refuses malformed, truncated, forged and weak requests without issuing anything', async () => {
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/pki/certificates');
    const count = async () => (await t.database.db.select().from(pkiCertificates)).length;
    const before = await count();
    const good = ssl.csr('carol');
    const body = good.replace(/-----[^-]+-----|\s/g, '');
    const forgedDer = Buffer.from(body, 'base64');
    forgedDer[forgedDer.length - 5] = (forgedDer[forgedDer.length - 5] ?? 0) ^ 0x01;
    const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${forgedDer.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const cases: [string, RegExp][] = [
      ['not a csr', /cannot be read/],
      [good.slice(0, 200), /cannot be read/],
      [
        `-----BEGIN CERTIFICATE REQUEST-----\n${body.slice(0, 100)}\n-----END CERTIFICATE REQUEST-----`,
        /cannot be read/,
      ],
      [forged, /not signed by its own key|cannot be read/],
      [ssl.csr('weak', ['-newkey', 'rsa:1024']), /not accepted/],
      [ssl.csr('ed', ['-newkey', 'ed25519']), /not accepted/],
    ];
    for (const [csr, message] of cases) {
      const res = await browser.post('/en/pki/certificates', { type: 'person', csr });
      assert.equal(res.statusCode, 400, csr.slice(0, 40));
      assert.match(res.body, message);
      assert.match(res.body, /govuk-error-summary/);
    }
    assert.equal(await count(), before);
  });

  it('queues a legal-entity request for a registered representative only; an operator approves it', async () => {
    const [org] = await t.database.db
      .insert(registerOrganisations)
      .values({ id: 'org-test-1', kind: 'legal', taxNumber: '1234567890', name: 'Sınaq MMC' })
      .returning();
    const outsider = await createResident(t.database);
    const asOutsider = await loginAs(t.app, outsider);
    await asOutsider.get('/en/pki/certificates');
    const refused = await asOutsider.post('/en/pki/certificates', {
      type: 'legal',
      organisationId: 'org-test-1',
      csr: ssl.csr('x'),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /not registered as a representative/);
    await t.database.db
      .insert(registerRepresentatives)
      .values({ organisationId: org?.id ?? '', personId: resident.personId, capacity: 'director' });
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/pki/certificates');
    const queued = await browser.post('/en/pki/certificates', {
      type: 'legal',
      organisationId: 'org-test-1',
      csr: ssl.csr('company'),
    });
    assert.equal(queued.statusCode, 303);
    assert.match(String(queued.headers.location), /requested=1/);
    const [request] = await t.database.db
      .select()
      .from(pkiRequests)
      .where(eq(pkiRequests.personId, resident.personId));
    assert.equal(request?.status, 'pending');

    const operator = await createStaff(t.database, { roles: [{ role: 'ca_operator' }] });
    const asOperator = await loginAs(t.app, operator);
    const queue = await asOperator.get('/en/pki/operator');
    assert.match(queue.body, /Sınaq MMC/);
    const approved = await asOperator.post(`/en/pki/operator/requests/${request?.id}`, {
      decision: 'approve',
    });
    assert.equal(approved.statusCode, 303);
    const [done] = await t.database.db
      .select()
      .from(pkiRequests)
      .where(eq(pkiRequests.id, request?.id ?? ''));
    assert.equal(done?.status, 'issued');
    const [cert] = await t.database.db
      .select()
      .from(pkiCertificates)
      .where(eq(pkiCertificates.serial, done?.certificateSerial ?? ''));
    assert.match(cert?.subject ?? '', /VATAZ-1234567890/);
    assert.match(cert?.subject ?? '', /Sınaq MMC/);
    const again = await asOperator.post(`/en/pki/operator/requests/${request?.id}`, { decision: 'approve' });
    assert.match(String(again.headers.location), /problem=decided/);
  });

  it("refuses revoking someone else's certificate; an operator revokes any with a reason", async () => {
    const [cert] = await t.database.db
      .select()
      .from(pkiCertificates)
      .where(eq(pkiCertificates.holderPersonId, resident.personId));
    const serial =
      (await t.database.db.select().from(pkiCertificates)).find((c) => !c.revokedAt)?.serial ?? '';
    assert.ok(cert && serial);
    const stranger = await createResident(t.database);
    const browser = await loginAs(t.app, stranger);
    await browser.get('/en/pki/certificates');
    const refused = await browser.post(`/en/pki/certificates/${serial}/revoke`, { reason: '1' });
    assert.equal(refused.statusCode, 404);
    const download = await browser.get(`/en/pki/certificates/${serial}/der`);
    assert.equal(download.statusCode, 404);
    const [still] = await t.database.db
      .select()
      .from(pkiCertificates)
      .where(eq(pkiCertificates.serial, serial));
    assert.equal(still?.revokedAt, null);

    const operator = await createStaff(t.database, { roles: [{ role: 'ca_operator' }] });
    const asOperator = await loginAs(t.app, operator);
    await asOperator.get('/en/pki/operator');
    const unknown = await asOperator.post('/en/pki/operator/revoke', { serial: 'zz', reason: '1' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No certificate with this serial number/);
    const ok = await asOperator.post('/en/pki/operator/revoke', { serial, reason: '4' });
    assert.equal(ok.statusCode, 303);
    const lookup = await t.app.inject(`/ru/pki?serial=${serial}`);
    assert.match(lookup.body, /data-state="revoked"/);
    assert.match(lookup.body, /Отозван/);
  });

  it('shows the repository pages in every language', async () => {
    for (const lang of ['az', 'en', 'ru']) {
      const res = await t.app.inject(`/${lang}/pki`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="\/pki\/ca\/root.crt"/);
      assert.match(res.body, /1\.3\.6\.1\.4\.1\.99999\.1\.3/);
    }
    const unknown = await t.app.inject('/en/pki?serial=abcdef');
    assert.match(unknown.body, /data-state="unknown"/);
  });
});
