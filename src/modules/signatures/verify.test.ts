import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BrowserLike } from '../../../test/helpers/browser-like.ts';
import {
  documentByCode,
  documentsOfApplication,
  signDetached,
  signPdf,
  storeDocument,
  verifyPdf,
} from './index.ts';
import { type SignaturesWorld, signaturesWorld } from './signatures.test-helper.ts';

async function pdfWithPlaceholder(text: string): Promise<Uint8Array> {
  const pdfDoc = await PDFDocument.create();
  const page = pdfDoc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await pdfDoc.embedFont(StandardFonts.Helvetica) });
  pdflibAddPlaceholder({
    pdfDoc,
    reason: 'Issued by the portal',
    contactInfo: 'portal',
    name: 'Demo Registry Service',
    location: 'Baku',
  });
  return pdfDoc.save({ useObjectStreams: false });
}

/** A multipart body as a browser would send it. */
function multipart(fields: Record<string, string>, files: Record<string, [string, Uint8Array]>) {
  const boundary = `----egov${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [name, [filename, data]] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(data),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('signatures: PDFs, issued documents, /verify and its API', () => {
  let w: SignaturesWorld;
  let pdf: Uint8Array;
  let code: string;
  const text = new TextEncoder().encode('{"reference":"E-2026-000001","status":"registered"}');
  let detached: Uint8Array;
  let textCode: string;

  before(async () => {
    w = await signaturesWorld();
    pdf = await signPdf(w.t.app.platform, w.agencyId, await pdfWithPlaceholder('E-reference E-2026-000001'));
    detached = await signDetached(w.t.app.platform, w.agencyId, text);
    const common = { issuedAt: w.t.clock.now(), accountId: null, organisationId: w.agencyId };
    const stored = await storeDocument(w.t.database.db, {
      ...common,
      kind: 'decision',
      title: 'Decision on application 1',
      contentType: 'application/pdf',
      content: pdf,
      applicationId: 'app-1',
    });
    code = stored.verificationCode;
    textCode = (
      await storeDocument(w.t.database.db, {
        ...common,
        kind: 'e-reference',
        title: 'E-reference',
        contentType: 'application/json',
        content: text,
        signature: detached,
        applicationId: 'app-1',
      })
    ).verificationCode;
  });
  after(async () => w.close());

  it('signs a PDF that verifies, and whose signature pdfsig (poppler) reports valid', async () => {
    const report = await verifyPdf(w.t.app.platform, pdf);
    assert.equal(report.valid, true, report.failure);
    assert.equal(report.timestamp?.valid, true);
    // pdfsig (poppler) trusts what is in an NSS database: our root, imported with certutil.
    const nss = `${w.ssl.dir}/nss`;
    fs.mkdirSync(nss);
    const run = (cmd: string, ...args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
    };
    assert.equal(run('certutil', '-N', '-d', `sql:${nss}`, '--empty-password').status, 0);
    const add = run(
      'certutil',
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'root',
      '-t',
      'CT,C,C',
      '-i',
      w.ssl.file('root.pem'),
    );
    assert.equal(add.status, 0, add.output);
    const file = w.ssl.file('signed.pdf', pdf);
    const out = run('pdfsig', '-nssdir', `sql:${nss}`, '-no-ocsp', file);
    assert.match(out.output, /Signature Validation: Signature is Valid\./);
    // The certificate verdict is not asserted: poppler 22.12 here answers "Unknown issue with Certificate"
    // even for a PDF signed by openssl cms with an openssl CA, while NSS's vfychain accepts our chain
    // (docs/signatures.md, "open").
  });

  it('reports a changed PDF and one with bytes appended as content-changed, garbage as malformed', async () => {
    const changed = pdf.slice();
    changed[20] = (changed[20] ?? 0) ^ 0x01;
    assert.equal((await verifyPdf(w.t.app.platform, changed)).failure, 'content-changed');
    const appended = Buffer.concat([pdf, Buffer.from('\n% appended after signing\n')]);
    assert.equal((await verifyPdf(w.t.app.platform, appended)).failure, 'content-changed');
    assert.equal((await verifyPdf(w.t.app.platform, pdf.subarray(0, 2000))).failure, 'malformed');
    assert.equal(
      (await verifyPdf(w.t.app.platform, new TextEncoder().encode('%PDF-1.7 x'))).failure,
      'malformed',
    );
  });

  it('stores documents under unique Crockford codes, found in any case and with dashes', async () => {
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
    assert.notEqual(code, textCode);
    const grouped = code.toLowerCase().replace(/(.{4})(?=.)/g, '$1-');
    const found = await documentByCode(w.t.database.db, grouped);
    assert.equal(found?.title, 'Decision on application 1');
    assert.deepEqual(Buffer.from(found?.content ?? []), Buffer.from(pdf));
    assert.equal(await documentByCode(w.t.database.db, 'not-a-code'), undefined);
    const list = await documentsOfApplication(w.t.database.db, 'app-1');
    assert.deepEqual(list.map((d) => d.verificationCode).sort(), [code, textCode].sort());
    assert.deepEqual(Buffer.from(list.find((d) => d.signature)?.signature ?? []), Buffer.from(detached));
  });

  it('shows the report for a typed code in three languages, with downloads', async () => {
    for (const [lang, valid] of [
      ['az', 'İmza etibarlıdır'],
      ['en', 'The signature is valid'],
      ['ru', 'Подпись действительна'],
    ] as const) {
      const res = await w.t.app.inject(`/${lang}/verify?code=${code.slice(0, 4)}-${code.slice(4)}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(valid));
      assert.match(res.body, /Demo Registry Service/);
      assert.match(res.body, /Demo Time-Stamping Authority/);
      assert.match(res.body, new RegExp(`/verify/${code}/document`));
    }
    const doc = await w.t.app.inject(`/verify/${code}/document`);
    assert.equal(doc.headers['content-type'], 'application/pdf');
    assert.deepEqual(doc.rawPayload, Buffer.from(pdf));
    const sig = await w.t.app.inject(`/verify/${textCode}/signature`);
    assert.deepEqual(sig.rawPayload, Buffer.from(detached));
    assert.equal((await w.t.app.inject(`/verify/${code}/signature`)).statusCode, 404);
    const redirect = await w.t.app.inject(`/verify/${code}`);
    assert.equal(redirect.statusCode, 302);
    assert.match(String(redirect.headers.location), new RegExp(`/verify\\?code=${code}$`));
    const bad = await w.t.app.inject('/en/verify?code=123');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    const unknown = await w.t.app.inject('/en/verify?code=0000-0000-0000-0000');
    assert.match(unknown.body, /No document has this code/);
  });

  it('verifies uploads with the CSRF token: a signed PDF, a document with its signature, garbage', async () => {
    const browser = new BrowserLike(w.t.app);
    await browser.get('/en/verify');
    const csrf = browser.lastCsrf ?? '';
    assert.ok(csrf);
    const upload = (files: Record<string, [string, Uint8Array]>, fields = { _csrf: csrf }) =>
      browser.request({ method: 'POST', url: '/en/verify', ...multipart(fields, files) });
    const signed = await upload({ document: ['decision.pdf', pdf] });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.match(signed.body, /The signature is valid/);
    const pair = await upload({ document: ['ref.json', text], signature: ['ref.p7s', detached] });
    assert.match(pair.body, /The signature is valid/);
    const changed = await upload({
      document: ['ref.json', new TextEncoder().encode('{}')],
      signature: ['ref.p7s', detached],
    });
    assert.match(changed.body, /The document was changed after it was signed/);
    const garbage = await upload({ document: ['x.pdf', new TextEncoder().encode('%PDF-garbage')] });
    assert.equal(garbage.statusCode, 200);
    assert.match(garbage.body, /not a readable electronic signature/);
    const plain = await upload({ document: ['x.txt', new TextEncoder().encode('hello')] });
    assert.equal(plain.statusCode, 400);
    assert.match(plain.body, /This file has no signature/);
    const none = await upload({});
    assert.equal(none.statusCode, 400);
    const large = await upload({ document: ['big.pdf', new Uint8Array(10 * 1024 * 1024 + 1)] });
    assert.equal(large.statusCode, 400);
    assert.match(large.body, /10 MB or smaller/);
    const forged = await upload({ document: ['decision.pdf', pdf] }, { _csrf: 'forged' });
    assert.equal(forged.statusCode, 403);
  });

  it('answers the JSON API by upload and by code, never a 500', async () => {
    const json = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: {
        document: Buffer.from(text).toString('base64'),
        signature: Buffer.from(detached).toString('base64'),
      },
    });
    assert.equal(json.statusCode, 200, json.body);
    const report = json.json() as {
      valid: boolean;
      signer: { organisation: string };
      timestamp: { time: string };
    };
    assert.equal(report.valid, true);
    assert.equal(report.signer.organisation, 'Demo Registry Service');
    assert.ok(Date.parse(report.timestamp.time) > 0);
    const file = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      ...multipart({}, { document: ['d.pdf', pdf] }),
    });
    assert.equal((file.json() as { valid: boolean }).valid, true);
    const truncated = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: {
        document: Buffer.from(text).toString('base64'),
        signature: Buffer.from(detached.subarray(0, 100)).toString('base64'),
      },
    });
    assert.equal((truncated.json() as { failure: string }).failure, 'malformed');
    for (const payload of [{}, { document: '%%%' }, { document: 'aGVsbG8=' }, 'not json']) {
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
    }
    const plainText = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.ok(plainText.statusCode >= 400 && plainText.statusCode < 500);
    const byCode = await w.t.app.inject(`/api/v1/verify/${textCode.toLowerCase()}`);
    assert.equal(byCode.statusCode, 200);
    const body = byCode.json() as { document: { title: string }; report: { valid: boolean } };
    assert.equal(body.document.title, 'E-reference');
    assert.equal(body.report.valid, true);
    assert.equal((await w.t.app.inject('/api/v1/verify/ZZZZZZZZZZZZZZZZ')).statusCode, 404);
  });
});
