import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The certification centre's own certificates (root, issuing CA, OCSP responder) and their encrypted keys. */
export const pkiAuthorities = pgTable('pki_authorities', {
  /** 'root', 'issuing' or 'ocsp'. */
  role: text('role').primaryKey(),
  certPem: text('cert_pem').notNull(),
  /** PKCS#8, encrypted with CA_PASSPHRASE; never logged. */
  encryptedKeyPem: text('encrypted_key_pem').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Certificate requests; legal-entity and state-structure ones wait for an operator. */
export const pkiRequests = pgTable(
  'pki_requests',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    subjectType: text('subject_type').$type<'person' | 'legal' | 'state'>().notNull(),
    organisationId: text('organisation_id'),
    organisationUnit: text('organisation_unit'),
    csrPem: text('csr_pem').notNull(),
    status: text('status').$type<'pending' | 'issued' | 'rejected'>().notNull(),
    certificateSerial: text('certificate_serial'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('pki_requests_status_idx').on(t.status), index('pki_requests_person_idx').on(t.personId)],
);

/** Every certificate the issuing CA made, with its revocation state (the source of CRLs and OCSP). */
export const pkiCertificates = pgTable(
  'pki_certificates',
  {
    /** Lower-case hex, no leading zeros beyond the DER encoding's. */
    serial: text('serial').primaryKey(),
    subjectType: text('subject_type').$type<'person' | 'legal' | 'state'>().notNull(),
    holderPersonId: text('holder_person_id').notNull(),
    organisationId: text('organisation_id'),
    subject: text('subject').notNull(),
    certPem: text('cert_pem').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** RFC 5280 CRLReason code. */
    revocationReason: integer('revocation_reason'),
    /** A server-side signing key (agency state-structure certificates), encrypted like the CA keys. */
    encryptedKeyPem: text('encrypted_key_pem'),
  },
  (t) => [index('pki_certificates_holder_idx').on(t.holderPersonId)],
);

/** Issued CRLs; the newest is served. */
export const pkiCrls = pgTable('pki_crls', {
  number: bigint('number', { mode: 'number' }).primaryKey(),
  thisUpdate: timestamp('this_update', { withTimezone: true }).notNull(),
  nextUpdate: timestamp('next_update', { withTimezone: true }).notNull(),
  der: text('der_base64').notNull(),
});
