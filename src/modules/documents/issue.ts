import crypto from 'node:crypto';
import type { Platform } from '../../app.ts';
import type { Tx } from '../../platform/db/client.ts';
import { findAgency } from '../catalogue/index.ts';
import { stateStructureOfAgency } from '../identity/index.ts';
import { signPdf, storeDocument } from '../signatures/index.ts';
import { documentIssues } from './documents.tables.ts';
import { type DocumentLayout, renderDocument } from './render.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 random Crockford base32 characters (80 bits), the rule of the signatures contract. */
export function newVerificationCode(): string {
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  return Array.from(crypto.randomBytes(16), (b) => CROCKFORD[b % 32]).join('');
}

export function groupedCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** A rendered and sealed document, ready to be stored inside the transaction of what it records. */
export interface SealedDocument {
  code: string;
  pdf: Uint8Array;
  organisationId: string;
  title: string;
}

/**
 * Renders the PDF with its verification code printed on it, then has the signatures module seal it with the
 * agency's key. The one place that signs: done before the caller's transaction opens, because signing reads
 * the database (the CA, the seal) and an embedded PGlite serves one transaction at a time.
 */
export async function sealDocument(
  platform: Platform,
  agencyCode: string,
  layout: (code: { printed: string; url: string }) => DocumentLayout,
): Promise<SealedDocument> {
  const { db } = platform.database;
  const agency = await findAgency(db, agencyCode);
  const organisationId = await stateStructureOfAgency(db, {
    code: agencyCode,
    name: agency?.name.az ?? agencyCode,
  });
  const code = newVerificationCode();
  const url = `${platform.config.publicUrl.replace(/\/$/, '')}/verify/${code}`;
  const content = layout({ printed: groupedCode(code), url });
  const pdf = await signPdf(platform, organisationId, await renderDocument(content));
  return { code, pdf, organisationId, title: content.title };
}

/** Stores the sealed document and who may fetch it; the caller's transaction commits both. */
export async function storeSealed(
  tx: Tx,
  sealed: SealedDocument,
  owner: {
    kind: 'e-reference' | 'decision';
    accountId: string;
    personId: string;
    agencyCode: string;
    serviceCode: string;
    applicationId: string | null;
    lang: string;
  },
  at: Date,
): Promise<{ id: string; verificationCode: string }> {
  const stored = await storeDocument(tx, {
    kind: owner.kind,
    title: sealed.title,
    contentType: 'application/pdf',
    content: sealed.pdf,
    issuedAt: at,
    accountId: owner.accountId,
    organisationId: sealed.organisationId,
    applicationId: owner.applicationId,
    verificationCode: sealed.code,
  });
  await tx.insert(documentIssues).values({
    documentId: stored.id,
    verificationCode: stored.verificationCode,
    kind: owner.kind,
    accountId: owner.accountId,
    personId: owner.personId,
    agencyCode: owner.agencyCode,
    serviceCode: owner.serviceCode,
    applicationId: owner.applicationId,
    title: sealed.title,
    lang: owner.lang,
    issuedAt: at,
  });
  return stored;
}
