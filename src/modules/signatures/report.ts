import type { Platform } from '../../app.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { parseSignedData } from './cms.ts';
import type { CertificateSummary, IssuedDocument, SignatureReport } from './contract.ts';
import { verifyPdf } from './pdf.ts';
import { verifyDetached } from './verify.ts';

type Language = 'az' | 'en' | 'ru';
export const MAX_UPLOAD = 10 * 1024 * 1024;

const PEM = /-----BEGIN (?:PKCS7|CMS)-----([A-Za-z0-9+/=\s]+)-----END (?:PKCS7|CMS)-----/;

/** A signature file as DER: DER as it is, PEM (PKCS7 / CMS) or bare base64 decoded. */
export function signatureBytes(file: Uint8Array): Uint8Array {
  if (file[0] === 0x30) return file;
  const text = Buffer.from(file).toString('latin1');
  const body = PEM.exec(text)?.[1] ?? (/^[A-Za-z0-9+/=\s]+$/.test(text) ? text : undefined);
  return body ? new Uint8Array(Buffer.from(body.replace(/\s/g, ''), 'base64')) : file;
}

export const isPdf = (file: Uint8Array) => Buffer.from(file.subarray(0, 1024)).includes('%PDF-');

/**
 * Verifies what someone uploaded: a document and its detached signature, or a signed PDF alone.
 * 'not-signed' when there is nothing to verify (neither a signature file nor a PDF).
 */
export async function verifyUpload(
  platform: Platform,
  document: Uint8Array,
  signature?: Uint8Array,
): Promise<SignatureReport | 'not-signed'> {
  if (signature?.length) return verifyDetached(platform, document, signatureBytes(signature));
  if (isPdf(document)) return verifyPdf(platform, document);
  // An attached CMS (.p7m) carries its content inside.
  const attached = signatureBytes(document);
  try {
    const content = parseSignedData(attached).content;
    if (content) return verifyDetached(platform, content, attached);
  } catch {
    // not a CMS either
  }
  return 'not-signed';
}

/** The report of a stored document: its PDF signature or its detached one. */
export async function verifyIssued(platform: Platform, document: IssuedDocument): Promise<SignatureReport> {
  if (document.signature) return verifyDetached(platform, document.content, document.signature);
  return verifyPdf(platform, document.content);
}

/** JSON of the report (dates as ISO strings), the same on the API for an upload and for a code. */
export function reportJson(report: SignatureReport) {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

const LOCALES: Record<Language, string> = { az: 'az-Latn-AZ', en: 'en-GB', ru: 'ru-RU' };

/** The platform's translator typed for this module's own keys (added at start-up by messages.ts). */
export const tr = (lang: Language) =>
  translator(lang) as unknown as (key: string, values?: Record<string, string>) => string;

export function formatTime(lang: Language, date: Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: 'Asia/Baku',
  }).format(date);
}

/** The report as summary-list rows for the page, in the reader's language. */
export function reportRows(lang: Language, report: SignatureReport) {
  const t = tr(lang);
  const row = (key: string, value: string) => ({ key: { text: t(key) }, value: { text: value } });
  const rows = [];
  const { signer } = report;
  if (signer) {
    rows.push(row('signatures.report.signer', signer.commonName || signer.subject));
    if (signer.organisation) rows.push(row('signatures.report.organisation', signer.organisation));
    rows.push(row('signatures.report.serial', signer.serial));
  }
  if (report.signingTime)
    rows.push(row('signatures.report.signingTime', formatTime(lang, report.signingTime)));
  const ts = report.timestamp;
  if (signer || ts)
    rows.push(
      row(
        'signatures.report.timestamp',
        ts
          ? `${t('signatures.report.timestampBy', { time: formatTime(lang, ts.time), authority: ts.authority })}${ts.valid ? '' : ` (${t('signatures.report.timestampInvalid')})`}`
          : t('signatures.report.none'),
      ),
    );
  if (report.statusAtSigning)
    rows.push(row('signatures.report.statusAtSigning', t(`signatures.state.${report.statusAtSigning}`)));
  if (report.statusNow)
    rows.push(row('signatures.report.statusNow', t(`signatures.state.${report.statusNow}`)));
  if (report.revokedAt) rows.push(row('signatures.report.revokedAt', formatTime(lang, report.revokedAt)));
  if (report.chain.length)
    rows.push({
      key: { text: t('signatures.report.chain') },
      value: { html: chainHtml(report.chain) },
    });
  return rows;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function chainHtml(chain: CertificateSummary[]): string {
  return `<ol class="govuk-list govuk-list--number">${chain.map((c) => `<li>${escapeHtml(c.subject)}</li>`).join('')}</ol>`;
}
