import crypto from 'node:crypto';
import type { Tx } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { appendAudit } from '../audit/index.ts';
import { findPersonById, organisationsRepresentedBy } from '../identity/index.ts';
import { recordEvent } from '../statistics/index.ts';
import type { CaMaterial } from './ca.ts';
import type { PkiContext } from './context.ts';
import { publishCrl } from './crl.service.ts';
import { type CsrProblem, issueCertificate, readCsr } from './issue.ts';
import * as repo from './pki.repository.ts';
import { type CertSubjectType, type SubjectFacts, subjectName } from './profiles.ts';
import type { x509 } from './x509.ts';

export type RequestProblem = CsrProblem | 'notRepresentative' | 'noCa' | 'badUnit';
export type RequestOutcome =
  | { ok: true; issued: true; serial: string }
  | { ok: true; issued: false; requestId: string }
  | { ok: false; problem: RequestProblem };

export interface CertificateRequestInput {
  type: CertSubjectType;
  csr: string | Uint8Array;
  organisationId?: string;
  unit?: string;
}

/** Subject facts from the registers; undefined when the person may not represent the organisation. */
async function factsFor(tx: Tx, personId: string, input: CertificateRequestInput) {
  const person = await findPersonById(tx, personId);
  if (!person) return undefined;
  const base = { type: input.type, firstName: person.firstName, lastName: person.lastName, fin: person.fin };
  if (input.type === 'person') return base satisfies SubjectFacts;
  const organisation = (await organisationsRepresentedBy(tx, personId)).find(
    (o) => o.id === input.organisationId && o.kind === input.type,
  );
  if (!organisation) return undefined;
  return {
    ...base,
    organisationName: organisation.name,
    taxNumber: organisation.taxNumber,
    unit: input.unit,
  };
}

/** Inserts the certificate with its audit entry and statistics event, in the caller's transaction. */
export async function recordIssued(
  tx: Tx,
  at: Date,
  cert: x509.X509Certificate,
  meta: {
    type: CertSubjectType;
    holder: string;
    organisationId?: string | null;
    actor?: string;
    key?: string;
  },
): Promise<void> {
  await repo.insertCertificate(tx, {
    serial: cert.serialNumber.toLowerCase(),
    subjectType: meta.type,
    holderPersonId: meta.holder,
    organisationId: meta.organisationId ?? null,
    subject: cert.subject,
    certPem: cert.toString('pem'),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    encryptedKeyPem: meta.key ?? null,
  });
  await appendAudit(
    tx,
    {
      action: 'pki.certificate.issued',
      actorAccountId: meta.actor ?? null,
      subjectPersonId: meta.holder.startsWith('agency:') ? null : meta.holder,
      subjectType: 'certificate',
      subjectId: cert.serialNumber.toLowerCase(),
      details: { subjectType: meta.type },
    },
    at,
  );
  await recordEvent(tx, { type: 'certificate_issued', at, subjectType: meta.type });
}

/** A logged-in person's request: a person's certificate is issued at once, organisations' wait for an operator. */
export async function requestCertificate(
  ctx: PkiContext,
  viewer: Viewer,
  input: CertificateRequestInput,
): Promise<RequestOutcome> {
  const ca = await ctx.ca();
  if (!ca) return { ok: false, problem: 'noCa' };
  if (input.unit && (input.unit.length > 64 || input.type !== 'state'))
    return { ok: false, problem: 'badUnit' };
  const check = await readCsr(input.csr);
  if (!check.ok) return { ok: false, problem: check.problem };
  const { db } = ctx.platform.database;
  const now = ctx.platform.clock.now();
  return db.transaction(async (tx) => {
    const facts = await factsFor(tx, viewer.personId, input);
    if (!facts) return { ok: false, problem: 'notRepresentative' } as const;
    if (input.type === 'person') {
      const cert = await issueCertificate(ca, check, 'person', subjectName(facts), now);
      await recordIssued(tx, now, cert, { type: 'person', holder: viewer.personId, actor: viewer.accountId });
      return { ok: true, issued: true, serial: cert.serialNumber.toLowerCase() } as const;
    }
    const requestId = crypto.randomUUID();
    await repo.insertRequest(tx, {
      id: requestId,
      personId: viewer.personId,
      subjectType: input.type,
      organisationId: input.organisationId ?? null,
      organisationUnit: input.unit ?? null,
      csrPem: check.pem,
      status: 'pending',
      createdAt: now,
    });
    await appendAudit(
      tx,
      {
        action: 'pki.request.created',
        actorAccountId: viewer.accountId,
        subjectType: 'certificate_request',
        subjectId: requestId,
      },
      now,
    );
    return { ok: true, issued: false, requestId } as const;
  });
}

export type DecisionProblem = 'notFound' | 'decided' | 'noCa' | 'notRepresentative';

/** An operator approves (issues) or rejects a pending organisation request. */
export async function decide(
  ctx: PkiContext,
  operator: Viewer,
  requestId: string,
  approve: boolean,
): Promise<{ ok: true; serial?: string } | { ok: false; problem: DecisionProblem }> {
  const ca = await ctx.ca();
  if (!ca) return { ok: false, problem: 'noCa' };
  const now = ctx.platform.clock.now();
  return ctx.platform.database.db.transaction(async (tx) => {
    const request = await repo.findRequest(tx, requestId);
    if (!request) return { ok: false, problem: 'notFound' } as const;
    if (request.status !== 'pending') return { ok: false, problem: 'decided' } as const;
    let serial: string | null = null;
    if (approve) {
      const cert = await issueFromRequest(tx, ca, request, now);
      if (!cert) return { ok: false, problem: 'notRepresentative' } as const;
      serial = cert.serialNumber.toLowerCase();
      await recordIssued(tx, now, cert, {
        type: request.subjectType,
        holder: request.personId,
        organisationId: request.organisationId,
        actor: operator.accountId,
      });
    }
    if (!(await repo.decideRequest(tx, requestId, approve ? 'issued' : 'rejected', now, serial)))
      return { ok: false, problem: 'decided' } as const;
    await appendAudit(
      tx,
      {
        action: approve ? 'pki.request.approved' : 'pki.request.rejected',
        actorAccountId: operator.accountId,
        actorRole: 'ca_operator',
        subjectPersonId: request.personId,
        subjectType: 'certificate_request',
        subjectId: requestId,
      },
      now,
    );
    return { ok: true, ...(serial ? { serial } : {}) } as const;
  });
}

async function issueFromRequest(tx: Tx, ca: CaMaterial, request: repo.RequestRow, now: Date) {
  const input = {
    type: request.subjectType,
    csr: request.csrPem,
    organisationId: request.organisationId ?? undefined,
    unit: request.organisationUnit ?? undefined,
  };
  // Representation is checked again: the register may have changed while the request waited.
  const facts = await factsFor(tx, request.personId, input);
  const check = await readCsr(request.csrPem);
  if (!facts || !check.ok) return undefined;
  return issueCertificate(ca, check, request.subjectType, subjectName(facts), now);
}

export type RevokeProblem = 'notFound' | 'notYours' | 'alreadyRevoked' | 'noCa';

/** Revokes, re-issues the CRL and drops the pre-produced OCSP response, all before anyone sees the change. */
export async function revoke(
  ctx: PkiContext,
  actor: Viewer,
  serial: string,
  reason: number,
  asOperator: boolean,
): Promise<{ ok: true } | { ok: false; problem: RevokeProblem }> {
  const ca = await ctx.ca();
  if (!ca) return { ok: false, problem: 'noCa' };
  const now = ctx.platform.clock.now();
  const outcome = await ctx.platform.database.db.transaction(async (tx) => {
    const row = await repo.findCertificate(tx, serial);
    if (!row) return { ok: false, problem: 'notFound' } as const;
    if (!asOperator && row.holderPersonId !== actor.personId)
      return { ok: false, problem: 'notYours' } as const;
    if (!(await repo.markRevoked(tx, serial, now, reason)))
      return { ok: false, problem: 'alreadyRevoked' } as const;
    await appendAudit(
      tx,
      {
        action: 'pki.certificate.revoked',
        actorAccountId: actor.accountId,
        actorRole: asOperator ? 'ca_operator' : null,
        subjectPersonId: row.holderPersonId.startsWith('agency:') ? null : row.holderPersonId,
        subjectType: 'certificate',
        subjectId: serial,
        reason: String(reason),
      },
      now,
    );
    await publishCrl(tx, ca, now);
    return { ok: true } as const;
  });
  if (outcome.ok) (await ctx.responder())?.invalidate(serial);
  return outcome;
}
