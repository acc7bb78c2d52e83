import fontkit from '@pdf-lib/fontkit';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Language } from '../../platform/i18n/i18n.ts';
import { documentFonts } from './fonts.ts';

/** What a portal document says; every text already in the reader's language. */
export interface DocumentLayout {
  lang: Language;
  /** The agency on whose behalf the portal issues it (the seal's organisation). */
  issuer: string;
  title: string;
  /** Metadata: what the document is about (no personal data beyond what the page shows). */
  subject: string;
  intro?: string;
  rows: { label: string; value: string }[];
  paragraphs?: string[];
  /** The verification code, grouped XXXX-XXXX-XXXX-XXXX, and the address the QR code holds. */
  code: string;
  verifyUrl: string;
  /** Sentences printed beside the QR code (how to verify, who signed). */
  footer: string[];
  portalName: string;
  issuedAt: Date;
}

const A4 = [595.28, 841.89] as const;
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;
const QR_SIZE = 96;
const FOOTER_HEIGHT = QR_SIZE + 24;
// Room for a CAdES-T signature with the signer's chain and a timestamp token (EC keys: a few kB).
export const SIGNATURE_LENGTH = 16_384;

/** Drops control characters (a registry value or a reason may hold them) but keeps line breaks. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/** Splits a text into lines that fit `width`; words longer than a line are cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of clean(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        // The longest prefix that fits, by halving (measuring text is the slow part).
        let [low, high] = [1, rest.length - 1];
        while (low < high) {
          const mid = Math.ceil((low + high) / 2);
          if (font.widthOfTextAtSize(rest.slice(0, mid), size) > width) high = mid - 1;
          else low = mid;
        }
        const cut = low;
        if (line) lines.push(line);
        lines.push(rest.slice(0, cut));
        line = '';
        rest = rest.slice(cut);
      }
      const next = line ? `${line} ${rest}` : rest;
      if (font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = rest;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.page = doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  private room(height: number) {
    if (this.y - height >= MARGIN + FOOTER_HEIGHT) return;
    this.page = this.doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  text(text: string, options: { size?: number; bold?: boolean; x?: number; width?: number } = {}) {
    const { size = 10, bold = false, x = MARGIN, width = WIDTH } = options;
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(text, font, size, width)) {
      this.room(size * 1.4);
      this.y -= size * 1.4;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  }

  row(label: string, value: string) {
    const labelWidth = 170;
    const labelLines = wrap(label, this.fonts.bold, 10, labelWidth - 10);
    const valueLines = wrap(value, this.fonts.regular, 10, WIDTH - labelWidth);
    const count = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < count; i += 1) {
      this.room(14);
      this.y -= 14;
      const l = labelLines[i];
      const v = valueLines[i];
      if (l) this.page.drawText(l, { x: MARGIN, y: this.y, size: 10, font: this.fonts.bold });
      if (v) this.page.drawText(v, { x: MARGIN + labelWidth, y: this.y, size: 10, font: this.fonts.regular });
    }
    this.y -= 4;
  }

  gap(points: number) {
    this.y -= points;
  }

  rule() {
    this.room(8);
    this.y -= 6;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4[0] - MARGIN, y: this.y },
      thickness: 0.8,
      color: rgb(0.11, 0.44, 0.72),
    });
  }
}

/** The QR code as vector squares (sharp at any zoom, no image to embed). */
function drawQr(page: PDFPage, url: string, x: number, y: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = QR_SIZE / count;
  for (let row = 0; row < count; row += 1)
    for (let col = 0; col < count; col += 1)
      if (qr.modules.get(row, col))
        page.drawRectangle({
          x: x + col * cell,
          y: y + QR_SIZE - (row + 1) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
}

function drawFooter(writer: Writer, layout: DocumentLayout) {
  for (const [index, page] of writer.doc.getPages().entries()) {
    const y = MARGIN;
    if (index === 0) drawQr(page, layout.verifyUrl, MARGIN, y);
    const x = MARGIN + QR_SIZE + 16;
    const width = A4[0] - MARGIN - x;
    let line = y + QR_SIZE - 10;
    page.drawText(layout.code, { x, y: line, size: 13, font: writer.fonts.bold });
    for (const sentence of layout.footer)
      for (const part of wrap(sentence, writer.fonts.regular, 8.5, width)) {
        line -= 11;
        page.drawText(part, { x, y: line, size: 8.5, font: writer.fonts.regular });
      }
    page.drawText(`${index + 1} / ${writer.doc.getPageCount()}`, {
      x: A4[0] - MARGIN - 30,
      y: MARGIN - 24,
      size: 8,
      font: writer.fonts.regular,
    });
  }
}

/**
 * An A4 PDF with the text, the QR code and the printed verification code, plus an empty PAdES signature
 * placeholder (ETSI.CAdES.detached) that the signatures module fills in.
 */
export async function renderDocument(layout: DocumentLayout): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const bytes = documentFonts();
  const fonts = {
    regular: await doc.embedFont(bytes.regular, { subset: true }),
    bold: await doc.embedFont(bytes.bold, { subset: true }),
  };
  doc.setTitle(clean(layout.title), { showInWindowTitleBar: true });
  doc.setAuthor(clean(layout.issuer));
  doc.setSubject(clean(layout.subject));
  doc.setLanguage(layout.lang);
  doc.setCreator(layout.portalName);
  doc.setProducer(layout.portalName);
  doc.setCreationDate(layout.issuedAt);
  doc.setModificationDate(layout.issuedAt);
  const writer = new Writer(doc, fonts);
  writer.text(layout.portalName, { size: 9 });
  writer.text(layout.issuer, { size: 12, bold: true });
  writer.rule();
  writer.gap(16);
  writer.text(layout.title, { size: 17, bold: true });
  writer.gap(10);
  if (layout.intro) {
    writer.text(layout.intro, { size: 10.5 });
    writer.gap(8);
  }
  for (const row of layout.rows) writer.row(row.label, row.value);
  for (const paragraph of layout.paragraphs ?? []) {
    writer.gap(8);
    writer.text(paragraph, { size: 10.5 });
  }
  drawFooter(writer, layout);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: clean(layout.title).slice(0, 200),
    contactInfo: layout.verifyUrl,
    name: clean(layout.issuer).slice(0, 200),
    location: 'AZ',
    signingTime: layout.issuedAt,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: 'ETSI.CAdES.detached',
    appName: layout.portalName,
  });
  // signpdf finds the placeholder by scanning the bytes: no object streams.
  return doc.save({ useObjectStreams: false });
}
