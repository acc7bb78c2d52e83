import crypto from 'node:crypto';
import type { Platform } from '../../app.ts';
import { type Db, isDatabaseUnavailable, type Tx } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { certificateStatusAt, certificatesWithPublicKey } from '../pki/index.ts';
import {
  completeBrowserSignature,
  prepareBrowserSignature,
  type SignatureFailure,
  storeDocument,
} from '../signatures/index.ts';
import type { ApplicationRow } from './applications.service.ts';
import { canonicalBytes } from './canonical.ts';

/** A resident's signature over the canonical bytes of a submission, verified and timestamped. */
export interface ApplicationSignature {
  cms: Uint8Array;
  content: Uint8Array;
  serial: string;
}

export type SigningProblem = SignatureFailure | 'malformed' | 'no-certificate' | 'changed';

const PUBLIC_KEY = /^[A-Za-z0-9+/]{40,2000}={0,2}$/;
const BASE64 = /^[A-Za-z0-9+/]{8,20000}={0,2}$/;

export function draftBytes(draft: ApplicationRow): Uint8Array {
  return canonicalBytes({
    serviceCode: draft.serviceCode,
    definitionVersion: draft.definitionVersion,
    submissionKey: draft.submissionKey,
    answers: draft.data,
  });
}

/** The viewer's own certificate for the key the browser holds, good now; newest first. */
async function certificateOfKey(db: Db, viewer: Viewer, publicKey: unknown, at: Date) {
  if (typeof publicKey !== 'string' || !PUBLIC_KEY.test(publicKey)) return undefined;
  const rows = await certificatesWithPublicKey(db, Buffer.from(publicKey, 'base64'));
  for (const row of rows) {
    if (row.holderPersonId !== viewer.personId || row.notAfter.getTime() < at.getTime()) continue;
    if ((await certificateStatusAt(db, row.serial, at)).status !== 'good') continue;
    return { serial: row.serial, der: new Uint8Array(new crypto.X509Certificate(row.certPem).raw) };
  }
  return undefined;
}

/** Step one: the signed attributes the browser signs (WebCrypto ECDSA SHA-256 over exactly these bytes). */
export async function prepareSigning(
  platform: Platform,
  viewer: Viewer,
  draft: ApplicationRow,
  publicKey: unknown,
): Promise<{ signedAttributes: string } | { problem: SigningProblem }> {
  const now = platform.clock.now();
  const certificate = await certificateOfKey(platform.database.db, viewer, publicKey, now);
  if (!certificate) return { problem: 'no-certificate' };
  const { signedAttributes } = await prepareBrowserSignature(platform, {
    content: draftBytes(draft),
    certificateDer: certificate.der,
    signingTime: now,
  });
  return { signedAttributes: Buffer.from(signedAttributes).toString('base64') };
}

/** Step two: the CMS assembled, timestamped and verified over the draft's canonical bytes as they are now. */
export async function completeSigning(
  platform: Platform,
  viewer: Viewer,
  draft: ApplicationRow,
  form: { publicKey?: unknown; signedAttributes?: unknown; signature?: unknown },
): Promise<ApplicationSignature | { problem: SigningProblem }> {
  const { signedAttributes, signature } = form;
  if (typeof signedAttributes !== 'string' || !BASE64.test(signedAttributes)) return { problem: 'malformed' };
  if (typeof signature !== 'string' || !BASE64.test(signature)) return { problem: 'malformed' };
  const now = platform.clock.now();
  const certificate = await certificateOfKey(platform.database.db, viewer, form.publicKey, now);
  if (!certificate) return { problem: 'no-certificate' };
  const content = draftBytes(draft);
  try {
    const { cms, report } = await completeBrowserSignature(platform, {
      content,
      certificateDer: certificate.der,
      signedAttributes: Buffer.from(signedAttributes, 'base64'),
      signature: Buffer.from(signature, 'base64'),
    });
    if (!report.valid) return { problem: report.failure ?? 'bad-signature' };
    return { cms, content, serial: certificate.serial };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    // Bytes that are not signed attributes or a signature at all: the same verdict as garbage anywhere else.
    return { problem: 'malformed' };
  }
}

/** In the submission's transaction: the signed application is also an issued document (found by its code). */
export async function recordSignedApplication(
  tx: Tx,
  application: ApplicationRow,
  signed: ApplicationSignature,
  at: Date,
): Promise<void> {
  await storeDocument(tx, {
    kind: 'application',
    title: application.number ?? application.serviceCode,
    contentType: 'application/json',
    content: signed.content,
    signature: signed.cms,
    issuedAt: at,
    accountId: application.accountId,
    organisationId: null,
    applicationId: application.id,
  });
}
