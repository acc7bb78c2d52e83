import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { agenciesWithRole, hasRole, type Viewer } from '../../platform/http/auth.ts';
import { appendAudit } from '../audit/index.ts';
import type { AgencyRecord, ServiceRecord } from './catalogue.model.ts';
import { agencyRecord, knownCodes, refreshSearch, serviceRecord } from './catalogue.repository.ts';
import { catalogueAgencies, catalogueServices } from './catalogue.tables.ts';
import { stableJson } from './import.ts';
import { readAgency, readService } from './validate.ts';
import { FieldReader, type ImportProblem } from './validate-fields.ts';

/** Which agencies a viewer may edit: every one for a portal admin, their own for an agency admin. */
export function editableAgencies(viewer: Viewer): 'any' | string[] {
  return hasRole(viewer, 'portal_admin') ? 'any' : agenciesWithRole(viewer, ['agency_admin']);
}

export function mayEdit(viewer: Viewer, agency: string): boolean {
  const allowed = editableAgencies(viewer);
  return allowed === 'any' || allowed.includes(agency);
}

function actor(viewer: Viewer, agency: string) {
  const admin = hasRole(viewer, 'portal_admin');
  return {
    actorAccountId: viewer.accountId,
    actorRole: admin ? 'portal_admin' : 'agency_admin',
    actorAgency: admin ? null : agency,
  };
}

/** Lists compare as sets: the form lists categories in its own order. */
const comparable = (v: unknown) => stableJson(Array.isArray(v) ? [...v].sort() : v);

function changedFields(before: object | undefined, after: object): string[] {
  const old = (before ?? {}) as Record<string, unknown>;
  return Object.entries(after)
    .filter(([k, v]) => comparable(old[k]) !== comparable(v))
    .map(([k]) => k);
}

export type SaveResult<T> =
  | { ok: true; record: T; version?: number }
  | { ok: false; problems: ImportProblem[] };

const problem = (field: string, code: ImportProblem['code'], reason: string): ImportProblem => ({
  entry: 'form',
  field,
  code,
  reason,
});

/**
 * Creates or updates one service from the admin form, in one transaction with its search documents
 * and its audit entry. `expectedVersion` guards against overwriting someone else's newer edit.
 */
export async function saveService(
  db: Db,
  viewer: Viewer,
  entry: Record<string, unknown>,
  options: { creating: boolean; expectedVersion?: number; at: Date },
): Promise<SaveResult<ServiceRecord>> {
  return db.transaction(async (tx) => {
    const problems: ImportProblem[] = [];
    const record = readService(new FieldReader(problems, 'form', entry), await knownCodes(tx));
    if (record && !mayEdit(viewer, record.agency)) problems.push(problem('agency', 'oneOf', 'not yours'));
    if (!record || problems.length) return { ok: false, problems };
    const [existing] = await tx
      .select()
      .from(catalogueServices)
      .where(eq(catalogueServices.code, record.code));
    if (options.creating && existing)
      return { ok: false, problems: [problem('code', 'duplicate', 'exists')] };
    if (!options.creating && (!existing || existing.version !== options.expectedVersion))
      return { ok: false, problems: [problem('version', 'invalid', 'changed meanwhile')] };
    const version = await writeService(tx, record, existing?.version, options.at);
    const before = existing ? serviceRecord(existing) : undefined;
    await appendAudit(
      tx,
      {
        action: options.creating ? 'catalogue.service.create' : 'catalogue.service.update',
        ...actor(viewer, record.agency),
        subjectType: 'service',
        subjectId: record.code,
        details: { version, status: record.status, changed: changedFields(before, record) },
      },
      options.at,
    );
    return { ok: true, record, version };
  });
}

async function writeService(tx: Tx, record: ServiceRecord, version: number | undefined, at: Date) {
  const { agency, ...fields } = record;
  if (version === undefined) {
    await tx
      .insert(catalogueServices)
      .values({ ...fields, agencyCode: agency, createdAt: at, updatedAt: at });
  } else {
    await tx
      .update(catalogueServices)
      .set({ ...fields, agencyCode: agency, version: sql`${catalogueServices.version} + 1`, updatedAt: at })
      .where(eq(catalogueServices.code, record.code));
  }
  await refreshSearch(tx, [record]);
  return (version ?? 0) + 1;
}

/** Creates (portal admins) or updates one agency from the admin form, audited. */
export async function saveAgency(
  db: Db,
  viewer: Viewer,
  entry: Record<string, unknown>,
  options: { creating: boolean; at: Date },
): Promise<SaveResult<AgencyRecord>> {
  return db.transaction(async (tx) => {
    const problems: ImportProblem[] = [];
    const record = readAgency(new FieldReader(problems, 'form', entry));
    if (!record || problems.length) return { ok: false, problems };
    const [existing] = await tx
      .select()
      .from(catalogueAgencies)
      .where(eq(catalogueAgencies.code, record.code));
    if (options.creating && existing)
      return { ok: false, problems: [problem('code', 'duplicate', 'exists')] };
    if (!options.creating && !existing) return { ok: false, problems: [problem('code', 'invalid', 'gone')] };
    await tx
      .insert(catalogueAgencies)
      .values({ ...record, updatedAt: options.at })
      .onConflictDoUpdate({ target: catalogueAgencies.code, set: { ...record, updatedAt: options.at } });
    await appendAudit(
      tx,
      {
        action: options.creating ? 'catalogue.agency.create' : 'catalogue.agency.update',
        ...actor(viewer, record.code),
        subjectType: 'agency',
        subjectId: record.code,
        details: { changed: changedFields(existing ? agencyRecord(existing) : undefined, record) },
      },
      options.at,
    );
    return { ok: true, record };
  });
}
