import type { Platform } from '../../app.ts';
import { formatDate, type Language } from '../../platform/i18n/i18n.ts';
import { type SignatureFailure, type SignatureReport, verifyDetached } from '../signatures/index.ts';
import type { ApplicationRow } from './applications.service.ts';
import { tr } from './messages.ts';
import { draftBytes } from './signing.ts';
import { filesIntact } from './uploads.ts';

export interface SignatureVerdict {
  valid: boolean;
  text: string;
  /** The trusted time (timestamp) and its authority, when there is one. */
  timestamp?: string;
}

/**
 * "Signature valid, signed by X at T" or why not, for the back office. Verified now over the bytes kept at
 * submission; those must also still be the canonical rendering of the application as stored.
 */
export async function signatureVerdict(
  platform: Platform,
  row: ApplicationRow,
  lang: Language,
): Promise<SignatureVerdict | undefined> {
  if (!row.signature) return undefined;
  const t = tr(lang);
  const zone = platform.config.timeZone;
  const when = (date: Date) => formatDate(lang, date, zone, { dateStyle: 'medium', timeStyle: 'medium' });
  let report: SignatureReport;
  if (
    !row.signedContent ||
    Buffer.compare(Buffer.from(draftBytes(row)), Buffer.from(row.signedContent)) !== 0 ||
    !(await filesIntact(platform.database.db, row.id, row.data))
  )
    report = { valid: false, failure: 'content-changed', chain: [] };
  else report = await verifyDetached(platform, row.signedContent, row.signature);
  const timestamp = report.timestamp?.valid
    ? t('services.signature.timestamp', {
        time: when(report.timestamp.time),
        authority: report.timestamp.authority,
      })
    : undefined;
  if (!report.valid) {
    const failure: SignatureFailure = report.failure ?? 'malformed';
    return {
      valid: false,
      text: t('services.signature.invalid', { reason: t(`services.signature.reason.${failure}`) }),
    };
  }
  const time = report.timestamp?.time ?? report.signingTime;
  return {
    valid: true,
    text: t('services.signature.valid', {
      name: report.signer?.commonName ?? '',
      time: time ? when(time) : '',
    }),
    ...(timestamp ? { timestamp } : {}),
  };
}
