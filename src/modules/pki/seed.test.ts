import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_SECRET } from '../../../test/helpers/database.ts';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/client.ts';
import { runSeeders } from '../../platform/db/seed.ts';
import { findPersonByFin, identitySeeder, registerOrganisations } from '../identity/index.ts';
import { certificatePem } from './crl.ts';
import { FastIssuer, parseCsrFast } from './fast-issue.ts';
import { agencySigner, caChain, certificateStatusAt, loadCa, pkiSeeder } from './index.ts';
import { OpenSsl } from './openssl.test-helper.ts';
import { pkiCertificates, pkiCrls } from './pki.tables.ts';

describe('certification centre demo data and contracts', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const config = loadConfig({ DEMO_DATA: 'false' });
  let ssl: OpenSsl;

  before(async () => {
    ({ database, drop } = await createTestDatabase());
    const context = {
      database,
      clock,
      secret: TEST_SECRET,
      log: { info: () => undefined },
      profile: 'test' as const,
    };
    await runSeeders([identitySeeder, pkiSeeder], context);
    ssl = new OpenSsl();
  });
  after(async () => {
    ssl.close();
    await drop();
  });

  it('seeds a hierarchy, certificates of every type for demo residents (one revoked) and a CRL', async () => {
    const rows = await database.db.select().from(pkiCertificates);
    assert.deepEqual([...new Set(rows.map((r) => r.subjectType))].sort(), ['legal', 'person', 'state']);
    const revoked = rows.filter((r) => r.revokedAt);
    assert.equal(revoked.length, 1);
    assert.equal((await database.db.select().from(pkiCrls)).length, 1);
    const status = await certificateStatusAt(database.db, revoked[0]?.serial ?? '', clock.now());
    assert.equal(status.status, 'revoked');
    const before = await certificateStatusAt(
      database.db,
      revoked[0]?.serial ?? '',
      new Date('2026-02-01T00:00:00Z'),
    );
    assert.equal(before.status, 'good', 'a signature made before the revocation stays valid');
    assert.equal((await certificateStatusAt(database.db, 'abcdef', clock.now())).status, 'unknown');
    for (const row of rows) assert.doesNotMatch(row.encryptedKeyPem ?? '', /BEGIN PRIVATE KEY/);
  });

  it('gives the CA chain and a server-side signer for a state structure, whose certificate openssl verifies', async () => {
    const chain = await caChain(database.db);
    assert.equal(chain?.length, 2);
    const [agency] = (await database.db.select().from(registerOrganisations)).filter(
      (o) => o.kind === 'state',
    );
    const signer = await agencySigner({ config, database, clock, secret: TEST_SECRET }, agency?.id ?? '');
    assert.ok(signer);
    assert.match(signer.certificate.subject, new RegExp(agency?.name ?? 'x'));
    const data = new TextEncoder().encode('e-reference');
    const signature = await crypto.subtle.sign(signer.algorithm, signer.privateKey, data);
    const publicKey = await signer.certificate.publicKey.export();
    assert.ok(await crypto.subtle.verify(signer.algorithm, publicKey, signature, data));
    const again = await agencySigner({ config, database, clock, secret: TEST_SECRET }, agency?.id ?? '');
    assert.equal(
      again?.certificate.serialNumber,
      signer.certificate.serialNumber,
      'issued once, then reused',
    );
    ssl.file('root.pem', certificatePem(chain?.[1]?.rawData ?? new ArrayBuffer(0)));
    ssl.file('issuing.pem', certificatePem(chain?.[0]?.rawData ?? new ArrayBuffer(0)));
    ssl.file('agency.pem', certificatePem(signer.certificate.rawData));
    const verify = ssl.run(
      'verify',
      '-CAfile',
      'root.pem',
      '-untrusted',
      'issuing.pem',
      '-attime',
      String(clock.now().getTime() / 1000 + 60),
      'agency.pem',
    );
    assert.equal(verify.status, 0, verify.output);
  });

  it('issues on the fast path certificates that openssl verifies, and refuses what checkCsr refuses', async () => {
    const ca = await loadCa(database.db, config.caPassphrase, config.publicUrl);
    assert.ok(ca);
    const issuer = await FastIssuer.create(ca);
    const der = ssl.run(
      'req',
      '-in',
      ssl.file('x.csr', ssl.csr('fast')),
      '-outform',
      'DER',
      '-out',
      'fast.der',
    );
    assert.equal(der.status, 0);
    const csr = parseCsrFast(new Uint8Array((await import('node:fs')).readFileSync(ssl.file('fast.der'))));
    assert.ok(csr);
    const person = await findPersonByFin(database.db, '5ZK3M7A');
    const cert = issuer.issue(
      'person',
      csr,
      [
        [6, 'AZ'],
        [5, 'PNOAZ-5ZK3M7A'],
        [42, person?.firstName ?? ''],
        [3, 'Aysel Məmmədova'],
      ],
      clock.now(),
    );
    ssl.file('root.pem', certificatePem(ca.root.rawData));
    ssl.file('issuing.pem', certificatePem(ca.issuing.rawData));
    ssl.file('fast.pem', certificatePem(cert.der));
    const verify = ssl.run(
      'verify',
      '-CAfile',
      'root.pem',
      '-untrusted',
      'issuing.pem',
      '-attime',
      String(clock.now().getTime() / 1000 + 60),
      'fast.pem',
    );
    assert.equal(verify.status, 0, verify.output);
    const text = ssl.run('x509', '-in', 'fast.pem', '-noout', '-text').output;
    assert.match(text, /Digital Signature, Non Repudiation/);
    assert.match(text, /serialNumber = PNOAZ-5ZK3M7A/);
    assert.equal(parseCsrFast(new Uint8Array([0x30, 0x03, 0x02, 0x01])), undefined);
    ssl.run(
      'req',
      '-in',
      ssl.file('w.csr', ssl.csr('weak', ['-newkey', 'rsa:1024'])),
      '-outform',
      'DER',
      '-out',
      'weak.der',
    );
    assert.equal(
      parseCsrFast(new Uint8Array((await import('node:fs')).readFileSync(ssl.file('weak.der')))),
      undefined,
    );
  });
});
