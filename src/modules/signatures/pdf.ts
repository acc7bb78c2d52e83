import type { Platform } from '../../app.ts';
import { read } from '../../platform/der.ts';
import type { SignatureReport } from './contract.ts';
import { verifyDetached } from './verify.ts';

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

export interface PdfSignature {
  signedBytes: Uint8Array;
  cms: Uint8Array;
  /** The byte range ends before the end of the file: something was appended after signing. */
  coversWholeFile: boolean;
}

/**
 * The last signature of a PDF: its byte range and the CMS in /Contents. Undefined when there is none
 * or it is unreadable. Written here rather than using @signpdf/utils' extractSignature, which trims
 * trailing 00 bytes of the hex (a CMS may end in one) and takes the first signature.
 */
export function pdfSignature(pdf: Uint8Array): PdfSignature | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(BYTE_RANGE)) last = match;
  if (!last) return undefined;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return undefined;
  const hex = text.slice(b, c);
  const m = /^<([0-9A-Fa-f]*)>$/.exec(hex);
  if (!m?.[1] || m[1].length % 2 !== 0) return undefined;
  const padded = Buffer.from(m[1], 'hex');
  let cms: Uint8Array;
  try {
    cms = padded.subarray(0, read(padded, 0).end);
  } catch {
    return undefined;
  }
  const signedBytes = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
  return { signedBytes, cms, coversWholeFile: c + d === pdf.length };
}

/** Verifies the embedded signature of a PDF (PAdES / adbe.pkcs7.detached). */
export async function verifyPdf(platform: Platform, pdf: Uint8Array): Promise<SignatureReport> {
  const found = pdfSignature(pdf);
  if (!found) return { valid: false, failure: 'malformed', chain: [] };
  const report = await verifyDetached(platform, found.signedBytes, found.cms);
  // An incremental update after the signature changes what the reader shows: the document changed.
  if (report.valid && !found.coversWholeFile) {
    const { failure: _ignored, ...rest } = report;
    return { ...rest, valid: false, failure: 'content-changed' };
  }
  return report;
}
