import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
});

/** Every saved version of a service definition; the highest version of a code is the live one. */
export const serviceDefinitions = pgTable(
  'service_definitions',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    agencyCode: text('agency_code').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.version] })],
);

/** A registry dataset and the version readers use; switching activeVersion is the atomic swap. */
export const registryDatasets = pgTable('registry_datasets', {
  name: text('name').primaryKey(),
  agencyCode: text('agency_code').notNull(),
  columns: jsonb('columns').$type<string[]>().notNull(),
  keyColumns: jsonb('key_columns').$type<string[]>().notNull(),
  activeVersion: integer('active_version').notNull(),
  rowCount: integer('row_count').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const registryRows = pgTable(
  'registry_rows',
  {
    dataset: text('dataset').notNull(),
    version: integer('version').notNull(),
    /** The key columns joined by '|', as lookups build it. */
    key: text('key').notNull(),
    data: jsonb('data').$type<Record<string, string>>().notNull(),
  },
  (t) => [index('registry_rows_key_idx').on(t.dataset, t.version, t.key)],
);

/** Drafts and submitted applications; (account, submission key) makes a double submit one application. */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number'),
    serviceCode: text('service_code').notNull(),
    agencyCode: text('agency_code').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    personId: text('person_id').notNull(),
    accountId: text('account_id').notNull(),
    submissionKey: text('submission_key').notNull(),
    status: text('status').notNull(),
    lang: text('lang').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    assignedTo: text('assigned_to'),
    assignedName: text('assigned_name'),
    deadline: timestamp('deadline', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The resident's detached CMS signature (CAdES-T) over `signedContent`, when signed at submission. */
    signature: bytea('signature'),
    /** The canonical bytes signed (services/canonical.ts), kept as signed. */
    signedContent: bytea('signed_content'),
    signerSerial: text('signer_serial'),
  },
  (t) => [
    uniqueIndex('applications_submission_idx').on(t.accountId, t.submissionKey),
    uniqueIndex('applications_number_idx').on(t.number),
    index('applications_person_idx').on(t.personId, t.updatedAt),
    index('applications_agency_idx').on(t.agencyCode, t.status, t.submittedAt),
  ],
);

/** The status history and the messages between the agency and the resident. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    actor: text('actor').notNull(),
    message: text('message'),
  },
  (t) => [index('application_events_app_idx').on(t.applicationId, t.at)],
);

/**
 * Files uploaded to an application's `file` fields: kept in the database (outside any web root), served only
 * as attachments to the owner and the agency's officers. The application's data holds {id, name, type, size,
 * sha256} of each, so a signature over the answers covers the files too.
 */
export const applicationFiles = pgTable(
  'application_files',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull(),
    field: text('field').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('application_files_app_idx').on(t.applicationId, t.field)],
);
