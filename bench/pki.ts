import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { FastIssuer, parseCsrFast } from '../src/modules/pki/fast-issue.ts';
import { initHierarchy, loadCa } from '../src/modules/pki/index.ts';
import { buildCertificate } from '../src/modules/pki/issue.ts';
import { pkiCertificates } from '../src/modules/pki/pki.tables.ts';
import { subjectName } from '../src/modules/pki/profiles.ts';
import { x509 } from '../src/modules/pki/x509.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { Measurement } from './lib.ts';
import { measure as measureLoad, report } from './lib.ts';

// bench:pki — in one run: (1) certificate issuance from CSRs per second, the naive @peculiar/x509 way against
// the fast path (CA material parsed once, certificates spliced from pre-encoded parts, node:crypto signing);
// (2) OCSP responses per second over HTTP for a mix of good and revoked certificates, against /healthz.
// Goals: >= 1,000 certificates/s; OCSP >= 10,000/s with p99 <= 20 ms.
const CSRS = Number(process.env.BENCH_CSRS ?? 1000);
const duration = Number(process.env.BENCH_SECONDS ?? 10);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-bench-pki-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ANALYTICS: 'false' });
const database = await openDatabase({});
await migrate(database);
const now = new Date();
await initHierarchy(database.db, {
  publicUrl: config.publicUrl,
  passphrase: config.caPassphrase,
  now,
  keys: 'standard',
});
const ca = need(await loadCa(database.db, config.caPassphrase, config.publicUrl));
const caPem = ca.issuing.toString('pem');
const facts = { type: 'person' as const, firstName: 'Aysel', lastName: 'Məmmədova', fin: '5ZK3M7A' };

console.log(`Making ${CSRS} P-256 certificate requests...`);
const csrs: x509.Pkcs10CertificateRequest[] = [];
for (let i = 0; i < CSRS; i++) {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  csrs.push(
    await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=bench',
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    }),
  );
}
const pems = csrs.map((c) => c.toString('pem'));
const ders = csrs.map((c) => new Uint8Array(c.rawData));

async function naive(): Promise<number> {
  const started = performance.now();
  for (const pem of pems) {
    const csr = new x509.Pkcs10CertificateRequest(pem);
    if (!(await csr.verify())) throw new Error('bad csr');
    const issuing = new x509.X509Certificate(caPem);
    await buildCertificate(
      { ...ca, issuing },
      { type: 'person', subject: subjectName(facts), publicKey: csr.publicKey, now },
    );
  }
  return CSRS / ((performance.now() - started) / 1000);
}

async function fast(): Promise<{ perSecond: number; sample: ArrayBuffer }> {
  const issuer = await FastIssuer.create(ca);
  const subject: [number, string][] = [
    [6, 'AZ'],
    [5, 'PNOAZ-5ZK3M7A'],
    [42, 'Aysel'],
    [4, 'Məmmədova'],
    [3, 'Aysel Məmmədova'],
  ];
  let sample = new ArrayBuffer(0);
  const started = performance.now();
  for (const der of ders) {
    const parsed = parseCsrFast(der);
    if (!parsed) throw new Error('bad csr');
    sample = issuer.issue('person', parsed, subject, now).der.slice().buffer as ArrayBuffer;
  }
  return { perSecond: CSRS / ((performance.now() - started) / 1000), sample };
}

const naiveRate = await naive();
const fastRun = await fast();
const check = new x509.X509Certificate(fastRun.sample);
const valid = await check.verify({ publicKey: await ca.issuing.publicKey.export(), signatureOnly: true });
console.log(
  `\nIssuance from CSRs (${CSRS} requests, issuing CA ${(ca.issuing.publicKey.algorithm as EcKeyAlgorithm).namedCurve}):`,
);
console.table([
  {
    path: 'naive: parse, verify, build, sign with @peculiar/x509',
    'certificates/s': Math.round(naiveRate),
    ratio: '100%',
  },
  {
    path: 'fast: CA parsed once, template splice, node:crypto',
    'certificates/s': Math.round(fastRun.perSecond),
    ratio: `${((fastRun.perSecond / naiveRate) * 100).toFixed(0)}%`,
  },
]);
console.log(`fast-path certificate signature verifies: ${valid}; subject ${check.subject}`);
console.log(`issuance goal >= 1,000 certificates/s: ${fastRun.perSecond >= 1000 ? 'met' : 'NOT met'}`);

// OCSP: 200 certificates, one in five revoked; requests by GET (RFC 6960 A.1), without nonce, so answers are pre-produced.
const app = await buildApp({
  config,
  database,
  clock: systemClock,
  secret: 'bench-secret-that-is-long-enough-for-cookies',
});
try {
  const paths: string[] = [];
  const issuerHash = await ocspIssuerParts();
  for (let i = 0; i < 200; i++) {
    const cert = await buildCertificate(ca, {
      type: 'person',
      subject: subjectName(facts),
      publicKey: need(csrs[i % CSRS]).publicKey,
      now,
    });
    const serial = cert.serialNumber.toLowerCase();
    await database.db.insert(pkiCertificates).values({
      serial,
      subjectType: 'person',
      holderPersonId: 'bench',
      subject: cert.subject,
      certPem: cert.toString('pem'),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      ...(i % 5 === 0 ? { revokedAt: now, revocationReason: 1 } : {}),
    });
    paths.push(`/pki/ocsp/${encodeURIComponent(ocspRequest(issuerHash, serial).toString('base64'))}`);
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  for (const p of paths) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
  await run('warm-up', base, ['/healthz']);
  const healthz = await run('/healthz', base, ['/healthz']);
  const ocsp = await run('OCSP GET, 80% good / 20% revoked', base, paths);
  report(healthz, [ocsp]);
  const met = ocsp.requestsPerSecond >= 10_000 && ocsp.p99 <= 20;
  console.log(
    `OCSP goal >= 10,000/s with p99 <= 20 ms: ${ocsp.requestsPerSecond}/s, p99 ${ocsp.p99} ms: ${met ? 'met' : 'NOT met'}`,
  );
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function run(name: string, url: string, requestPaths: string[]): Promise<Measurement> {
  return measureLoad(name, {
    url: url,
    duration,
    workers: 1,
    requests: requestPaths.map((p) => ({ method: 'GET', path: p })),
  });
}

async function ocspIssuerParts(): Promise<{ name: Buffer; key: Buffer }> {
  const { createHash } = await import('node:crypto');
  const { children, content, readTlv, bytes } = await import('../src/modules/pki/der.ts');
  const raw = new Uint8Array(ca?.issuing.rawData);
  const tbs = need(children(raw, readTlv(raw, 0))[0]);
  const fields = children(raw, tbs);
  const spki = need(fields[6]);
  const bits = need(children(raw, spki)[1]);
  return {
    name: createHash('sha1')
      .update(bytes(raw, need(fields[5])))
      .digest(),
    key: createHash('sha1').update(content(raw, bits).subarray(1)).digest(),
  };
}

/** OCSPRequest { tbsRequest { requestList { Request { CertID (SHA-1) } } } }, no nonce. */
function ocspRequest(issuer: { name: Buffer; key: Buffer }, serial: string): Buffer {
  const tlv = (tag: number, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts);
    const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
    return Buffer.concat([Buffer.from([tag]), len, body]);
  };
  const sha1 = Buffer.from('300906052b0e03021a0500', 'hex');
  const certId = tlv(
    0x30,
    sha1,
    tlv(0x04, issuer.name),
    tlv(0x04, issuer.key),
    tlv(0x02, Buffer.from(serial, 'hex')),
  );
  return tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x30, certId))));
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
