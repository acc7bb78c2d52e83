import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { groupedCode, newVerificationCode } from './issue.ts';
import { hasTool, pdfInfo, pdfText } from './pdf-tools.test-helper.ts';
import { type DocumentLayout, renderDocument } from './render.ts';

const layout = (over: Partial<DocumentLayout> = {}): DocumentLayout => ({
  lang: 'az',
  issuer: 'Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi',
  title: 'Yaşayış yeri üzrə qeydiyyat haqqında arayış',
  subject: 'e-arayış',
  intro: 'Bu sənəd dövlət reyestrləri əsasında verilir:',
  rows: [
    { label: 'Soyadı, adı', value: 'Məmmədova Aysel Rauf qızı' },
    { label: 'Адрес', value: 'Баку, улица Низами 5 — ğ ı ş ç ö ü ə' },
  ],
  paragraphs: ['Arayış tələb olunan yerə təqdim edilmək üçün verilir.'],
  code: 'ABCD-EFGH-JKMN-PQRS',
  verifyUrl: 'http://localhost:3000/verify/ABCDEFGHJKMNPQRS',
  footer: ['Yoxlamaq üçün http://localhost:3000/verify ünvanını açın.'],
  portalName: 'Elektron Hökumət Portalı',
  issuedAt: new Date('2026-11-26T10:00:00Z'),
  ...over,
});

describe('document rendering', () => {
  it('makes 16-character Crockford codes, printed in groups of four', () => {
    const codes = new Set(Array.from({ length: 200 }, newVerificationCode));
    assert.equal(codes.size, 200);
    for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
    assert.equal(groupedCode('ABCDEFGHJKMNPQRS'), 'ABCD-EFGH-JKMN-PQRS');
  });

  it('renders an A4 page with metadata, language and a signature placeholder', async () => {
    const pdf = await renderDocument(layout());
    const doc = await PDFDocument.load(pdf);
    const [page] = doc.getPages();
    assert.deepEqual([Math.round(page?.getWidth() ?? 0), Math.round(page?.getHeight() ?? 0)], [595, 842]);
    assert.equal(doc.getTitle(), 'Yaşayış yeri üzrə qeydiyyat haqqında arayış');
    assert.equal(doc.getAuthor(), 'Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi');
    assert.equal(doc.getSubject(), 'e-arayış');
    const text = Buffer.from(pdf).toString('latin1');
    assert.match(text, /\/Lang \(az\)/);
    assert.match(text, /\/SubFilter \/ETSI\.CAdES\.detached/);
    assert.match(text, /\/ByteRange \[/);
  });

  it('prints Azerbaijani and Cyrillic text and the code so that pdftotext reads them back', {
    skip: !hasTool('pdftotext') && 'pdftotext not installed',
  }, async () => {
    const pdf = await renderDocument(layout());
    const text = pdfText(pdf);
    for (const expected of [
      'Məmmədova Aysel Rauf qızı',
      'Баку, улица Низами 5',
      'ğ ı ş ç ö ü ə',
      'ABCD-EFGH-JKMN-PQRS',
      'Yaşayış yeri üzrə qeydiyyat haqqında arayış',
    ])
      assert.ok(text.includes(expected), `missing: ${expected}`);
    assert.match(pdfInfo(pdf), /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('wraps very long values, keeps control characters out and breaks onto further pages', async () => {
    const pdf = await renderDocument(
      layout({
        rows: Array.from({ length: 60 }, (_, i) => ({
          label: `Sətir ${i}`,
          value: `${'x'.repeat(400)}\u0007`,
        })),
      }),
    );
    const doc = await PDFDocument.load(pdf);
    assert.ok(doc.getPageCount() > 1);
    if (hasTool('pdftotext')) assert.ok(!pdfText(pdf).includes('\u0007'));
  });
});
