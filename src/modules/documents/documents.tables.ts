import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who may fetch each document the portal issued, and where it is listed: the signed bytes themselves are
 * kept by the signatures module (storeDocument), found here by their verification code.
 */
export const documentIssues = pgTable(
  'document_issues',
  {
    documentId: text('document_id').primaryKey(),
    verificationCode: text('verification_code').notNull(),
    kind: text('kind').$type<'e-reference' | 'decision'>().notNull(),
    accountId: text('account_id').notNull(),
    personId: text('person_id').notNull(),
    agencyCode: text('agency_code').notNull(),
    serviceCode: text('service_code').notNull(),
    applicationId: uuid('application_id'),
    title: text('title').notNull(),
    lang: text('lang').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('document_issues_person_idx').on(t.personId, t.issuedAt),
    index('document_issues_application_idx').on(t.applicationId),
    index('document_issues_code_idx').on(t.verificationCode),
  ],
);
