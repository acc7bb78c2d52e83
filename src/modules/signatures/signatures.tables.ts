import { customType, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** bytea as Uint8Array (node-postgres gives a Buffer, PGlite a Uint8Array: both are one). */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/** Documents the portal issued and signed, found on /verify by the code printed on them. */
export const signatureDocuments = pgTable(
  'signature_documents',
  {
    id: text('id').primaryKey(),
    /** 16 Crockford base32 characters, upper case, without dashes. */
    verificationCode: text('verification_code').notNull().unique(),
    kind: text('kind').$type<'e-reference' | 'decision' | 'application'>().notNull(),
    title: text('title').notNull(),
    contentType: text('content_type')
      .$type<'application/pdf' | 'application/json' | 'text/plain'>()
      .notNull(),
    content: bytes('content').notNull(),
    /** Detached CMS for non-PDF documents. */
    signature: bytes('signature'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    accountId: text('account_id'),
    organisationId: text('organisation_id'),
    applicationId: text('application_id'),
  },
  (t) => [index('signature_documents_application_idx').on(t.applicationId)],
);
