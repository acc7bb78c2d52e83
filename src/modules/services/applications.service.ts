import crypto from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { appendAudit } from '../audit/index.ts';
import { findService } from '../catalogue/index.ts';
import { residentContact } from '../identity/index.ts';
import { enqueueForResident } from '../notifications/index.ts';
import { type Channel, recordEvent } from '../statistics/index.ts';
import type { ApplicationDefinition, StoredDefinition } from './definition.model.ts';
import { loadDefinition } from './definitions.ts';
import { addWorkingDays, type FieldError, validateData } from './form.ts';
import { tr } from './messages.ts';
import { applicationEvents, applications } from './services.tables.ts';
import { type ApplicationSignature, draftBytes, recordSignedApplication } from './signing.ts';
import { fileFields } from './uploads.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export const SUBMISSION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export function newSubmissionKey(): string {
  return crypto.randomBytes(18).toString('base64url');
}

function applicationNumber(code: string, at: Date): string {
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  return `${code}-${day}-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

async function byKey(tx: Tx | Db, accountId: string, submissionKey: string, lock = false) {
  const query = tx
    .select()
    .from(applications)
    .where(and(eq(applications.accountId, accountId), eq(applications.submissionKey, submissionKey)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Stores validated answers as a draft (a submitted application under the same key is left as it is). */
export async function saveDraft(
  db: Db | Tx,
  input: {
    viewer: Viewer;
    stored: StoredDefinition;
    submissionKey: string;
    data: Record<string, unknown>;
    lang: Language;
  },
  at: Date,
): Promise<ApplicationRow> {
  const { viewer, stored } = input;
  await db
    .insert(applications)
    .values({
      serviceCode: stored.code,
      agencyCode: stored.agencyCode,
      definitionVersion: stored.version,
      personId: viewer.personId,
      accountId: viewer.accountId,
      submissionKey: input.submissionKey,
      status: 'draft',
      lang: input.lang,
      data: input.data,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing();
  const row = (await byKey(db, viewer.accountId, input.submissionKey)) as ApplicationRow;
  if (row.status !== 'draft' || row.serviceCode !== stored.code) return row;
  const [updated] = await db
    .update(applications)
    .set({ data: input.data, definitionVersion: stored.version, lang: input.lang, updatedAt: at })
    .where(and(eq(applications.id, row.id), eq(applications.status, 'draft')))
    .returning();
  return updated ?? row;
}

export type SubmitOutcome =
  | { kind: 'submitted'; application: ApplicationRow; duplicate: boolean }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'stale' }
  | { kind: 'signatureChanged' }
  | { kind: 'missing' };

interface SubmitInput {
  viewer: Viewer;
  serviceCode: string;
  submissionKey: string;
  lang: Language;
  channel: Channel;
  /** With data: save and submit at once (the JSON API); without: submit the stored draft (the pages). */
  data?: Record<string, unknown>;
  /** The resident's verified signature over the draft's canonical bytes (pages only). */
  signature?: ApplicationSignature;
}

/**
 * Submits exactly once: the row is locked by its (account, submission key), so a double click or a retried
 * request finds it submitted and gets the same receipt. Application, usage event, audit entry and the
 * confirmation message commit together.
 */
export async function submitApplication(db: Db, input: SubmitInput, at: Date): Promise<SubmitOutcome> {
  const stored = await loadDefinition(db, input.serviceCode);
  if (stored?.definition.kind !== 'application') return { kind: 'missing' };
  if (input.data) {
    // Files are uploaded through the pages only: a reference posted as JSON would point at nothing stored.
    const files = fileFields(stored.definition).filter((f) => input.data?.[f.name] !== undefined);
    if (files.length > 0)
      return {
        kind: 'invalid',
        errors: files.map((f) => ({ field: f.name, text: 'files are uploaded on the portal pages only' })),
      };
    const errors = validateData(stored, input.data, input.lang);
    if (errors.length > 0) return { kind: 'invalid', errors };
  }
  return db.transaction(async (tx) => {
    // The API path inserts the application submitted at once (one statement); a repeat finds it below.
    if (input.data) {
      const fresh = await insertSubmitted(tx, stored, input, input.data, at);
      if (fresh)
        return {
          kind: 'submitted',
          application: await afterSubmit(tx, fresh, stored, input, at),
          duplicate: false,
        } as const;
    }
    const row = await byKey(tx, input.viewer.accountId, input.submissionKey, true);
    if (!row || row.serviceCode !== stored.code) return { kind: 'missing' } as const;
    if (row.status !== 'draft') return { kind: 'submitted', application: row, duplicate: true } as const;
    if (input.data)
      await tx
        .update(applications)
        .set({ data: input.data, definitionVersion: stored.version })
        .where(eq(applications.id, row.id));
    const data = input.data ?? row.data;
    const version = input.data ? stored.version : row.definitionVersion;
    // A draft saved under an older definition is checked again: the form may have changed since.
    if (version !== stored.version || validateData(stored, data, input.lang).length > 0)
      return { kind: 'stale' } as const;
    // Signed bytes must be the draft as it is under the lock (another tab may have changed it meanwhile).
    if (input.signature && Buffer.compare(draftBytes(row), input.signature.content) !== 0)
      return { kind: 'signatureChanged' } as const;
    const submitted = await markSubmitted(tx, row, stored, input, at);
    return { kind: 'submitted', application: submitted, duplicate: false } as const;
  });
}

function submittedFields(stored: StoredDefinition, at: Date) {
  const definition = stored.definition as ApplicationDefinition;
  return {
    status: 'submitted',
    number: applicationNumber(stored.code, at),
    submittedAt: at,
    updatedAt: at,
    deadline: addWorkingDays(at, definition.workflow.deadlineWorkingDays),
  };
}

async function insertSubmitted(
  tx: Tx,
  stored: StoredDefinition,
  input: SubmitInput,
  data: Record<string, unknown>,
  at: Date,
) {
  const [row] = await tx
    .insert(applications)
    .values({
      serviceCode: stored.code,
      agencyCode: stored.agencyCode,
      definitionVersion: stored.version,
      personId: input.viewer.personId,
      accountId: input.viewer.accountId,
      submissionKey: input.submissionKey,
      lang: input.lang,
      data,
      createdAt: at,
      ...submittedFields(stored, at),
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

async function markSubmitted(
  tx: Tx,
  row: ApplicationRow,
  stored: StoredDefinition,
  input: SubmitInput,
  at: Date,
) {
  const signed = input.signature;
  const [submitted] = await tx
    .update(applications)
    .set({
      ...submittedFields(stored, at),
      ...(signed
        ? { signature: signed.cms, signedContent: signed.content, signerSerial: signed.serial }
        : {}),
    })
    .where(eq(applications.id, row.id))
    .returning();
  return afterSubmit(tx, submitted as ApplicationRow, stored, input, at);
}

/** History, usage event, confirmation message and, last (it serialises on a lock), the audit entry. */
async function afterSubmit(
  tx: Tx,
  application: ApplicationRow,
  stored: StoredDefinition,
  input: SubmitInput,
  at: Date,
) {
  const row = application;
  await tx
    .insert(applicationEvents)
    .values({ applicationId: row.id, at, status: 'submitted', actor: 'resident' });
  await recordEvent(tx, {
    type: 'service_use',
    at,
    serviceCode: stored.code,
    agencyCode: stored.agencyCode,
    channel: input.channel,
    outcome: 'submitted',
    userKey: input.viewer.pseudonym,
    dedupeKey: `application:${row.id}`,
  });
  await notifyPerson(tx, application, at);
  if (input.signature) await recordSignedApplication(tx, application, input.signature, at);
  await appendAudit(
    tx,
    {
      action: 'application.submit',
      actorAccountId: input.viewer.accountId,
      subjectPersonId: input.viewer.personId,
      subjectType: 'application',
      subjectId: row.id,
      details: {
        service: stored.code,
        number: application.number,
        ...(input.signature ? { signedWith: input.signature.serial } : {}),
      },
    },
    at,
  );
  return application;
}

/**
 * Queues the confirmation, status, information-request or decision message on the channels the person
 * chose in their account (email, SMS or both), with a link to the application.
 */
export async function notifyPerson(tx: Tx, application: ApplicationRow, at: Date, note?: string | null) {
  const contact = await residentContact(tx, application.personId);
  if (!contact) return;
  const lang = application.lang as Language;
  const template =
    application.status === 'submitted'
      ? 'application.submitted'
      : application.status === 'info_requested'
        ? 'application.info_requested'
        : application.status === 'approved' || application.status === 'rejected'
          ? 'application.decision'
          : 'application.status';
  const service = await findService(tx, application.serviceCode);
  const status = tr(lang)(`services.status.${application.status}`);
  await enqueueForResident(
    tx,
    contact,
    {
      template,
      lang,
      data: {
        reference: application.number,
        service: (service?.name as Record<string, string> | undefined)?.[lang] ?? application.serviceCode,
        status,
        decision: status,
        note: note ?? '',
        link: `/${lang}/account/applications/${application.id}`,
      },
      personId: application.personId,
      dedupeKey: `${template}:${application.id}:${application.status}:${at.getTime()}`,
    },
    at,
  );
}

export async function draftOf(db: Db, viewer: Viewer, submissionKey: string) {
  return byKey(db, viewer.accountId, submissionKey);
}

export async function applicationsOfPerson(db: Db, personId: string) {
  return db
    .select()
    .from(applications)
    .where(eq(applications.personId, personId))
    .orderBy(desc(applications.updatedAt))
    .limit(200);
}

/** The resident's own application, or undefined (a stranger's id reads as missing: 404). */
export async function applicationOfPerson(db: Db, personId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.personId, personId)));
  return row;
}

export async function historyOf(db: Db, applicationId: string) {
  return db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(applicationEvents.at, applicationEvents.id);
}
