// The contract between the signatures module and its users (services, back office, identity, /verify).
// Agreed before the implementation so that the three can be built at the same time; index.ts re-exports the
// implementation of every function named here.

/** Why a signature is not valid; each has a localised sentence in messages.ts (`signatures.reason.<code>`). */
export type SignatureFailure =
  | 'malformed' // not CMS / not a signed PDF / truncated / garbage
  | 'content-changed' // message-digest (or PDF byte range) does not match the document
  | 'bad-signature' // the signature value does not verify with the certificate's key
  | 'unknown-ca' // the certificate does not chain to our issuing CA and root
  | 'key-usage' // the certificate may not make signatures (no digitalSignature/nonRepudiation)
  | 'not-yet-valid' // signed before the certificate's notBefore
  | 'expired' // signed after the certificate's notAfter (by the trusted time)
  | 'revoked' // revoked at or before the signing time
  | 'bad-timestamp'; // a timestamp is present but does not verify or does not cover the signature

export type CertificateState = 'good' | 'revoked' | 'unknown' | 'expired';

export interface CertificateSummary {
  /** Hex serial, lower case, no leading zeros beyond what DER holds. */
  serial: string;
  subject: string;
  issuer: string;
  commonName: string;
  organisation?: string;
  notBefore: Date;
  notAfter: Date;
}

export interface SignatureReport {
  valid: boolean;
  /** Set exactly when `valid` is false. */
  failure?: SignatureFailure;
  signer?: CertificateSummary;
  /** The signing-time signed attribute (claimed by the signer). */
  signingTime?: Date;
  /** RFC 3161 timestamp of the signature (CAdES-T), when present. */
  timestamp?: { time: Date; authority: string; valid: boolean };
  /** Status at the trusted signing time (timestamp time, else signing time) and now. */
  statusAtSigning?: CertificateState;
  statusNow?: CertificateState;
  revokedAt?: Date;
  /** Signer first, then issuing CA, then root. */
  chain: CertificateSummary[];
}

/** A document the portal issued, found by the verification code printed on it. */
export interface IssuedDocument {
  id: string;
  /** 16 characters, Crockford base32, grouped XXXX-XXXX-XXXX-XXXX when printed. */
  verificationCode: string;
  kind: 'e-reference' | 'decision' | 'application';
  title: string;
  contentType: 'application/pdf' | 'application/json' | 'text/plain';
  content: Uint8Array;
  /** Detached CMS for non-PDF documents; PDFs carry their own (PAdES). */
  signature?: Uint8Array;
  issuedAt: Date;
  /** Account the document belongs to (never shown on /verify); null for public documents. */
  accountId: string | null;
  organisationId: string | null;
  applicationId: string | null;
}

/*
 * Functions (implemented in the module, exported from index.ts):
 *
 *   signDetached(platform, organisationId, content): Promise<Uint8Array>
 *     CAdES-T detached CMS (DER) over `content` with the agency's state-structure key (pki agencySigner), with
 *     signing-certificate-v2, signing time and an RFC 3161 timestamp from our TSA as an unsigned attribute.
 *   signPdf(platform, organisationId, pdf /* with a @signpdf placeholder *\/): Promise<Uint8Array>
 *     The same CMS over the PDF's byte range, embedded (PAdES).
 *   verifyDetached(platform, content, signature, options?: { now?: Date }): Promise<SignatureReport>
 *   verifyPdf(platform, pdf): Promise<SignatureReport>
 *
 *   Signing with a key that never leaves the browser, in two steps:
 *   prepareBrowserSignature(platform, { content, certificateDer, signingTime }):
 *       Promise<{ signedAttributes: Uint8Array }>   // the DER SET OF attributes the browser signs (WebCrypto
 *                                                   // ECDSA SHA-256 over exactly these bytes)
 *   completeBrowserSignature(platform, { content, certificateDer, signedAttributes, signature /* raw r||s *\/ }):
 *       Promise<{ cms: Uint8Array; report: SignatureReport }>   // assembled, timestamped, verified
 *
 *   storeDocument(tx, Omit<IssuedDocument, 'id' | 'verificationCode'> & { verificationCode?: string }):
 *       Promise<{ id, verificationCode }>   // the optional code: printed in a PDF before it was signed
 *   documentByCode(db, code /* any case, with or without dashes *\/): Promise<IssuedDocument | undefined>
 *   documentsOfApplication(db, applicationId): Promise<IssuedDocument[]>
 */
