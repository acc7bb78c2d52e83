import type { Platform } from '../../app.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { type Language, translator } from '../../platform/i18n/i18n.ts';
import { appendAudit } from '../audit/index.ts';
import {
  type PersonFacts,
  type ReferenceDocumentSpec,
  referenceLayout,
  referenceValues,
  sealDocument,
  storeSealed,
} from '../documents/index.ts';
import { findPersonById } from '../identity/index.ts';
import { recordEvent } from '../statistics/index.ts';
import { findRecord, keyOf } from './datasets.ts';
import type { StoredDefinition } from './definition.model.ts';

export type ReferenceOutcome =
  | { kind: 'issued'; verificationCode: string }
  | { kind: 'no-record' }
  | { kind: 'unavailable' };

/** The document an e-reference definition describes, or undefined (a note-only reference). */
export function referenceSpec(stored: StoredDefinition): ReferenceDocumentSpec | undefined {
  return stored.definition.kind === 'reference' ? stored.definition.document : undefined;
}

/** The register entry and dataset row the document is built from; undefined when the register has none. */
export async function referenceData(
  platform: Platform,
  spec: ReferenceDocumentSpec,
  personId: string,
  lang: Language,
): Promise<{ person: PersonFacts; values: Record<string, string> } | undefined> {
  const { db } = platform.database;
  const person = await findPersonById(db, personId);
  if (!person) return undefined;
  // Reference datasets are keyed by the person's FIN: the document is always about the logged-in person.
  const row = spec.dataset ? await findRecord(db, spec.dataset, keyOf([person.fin])) : undefined;
  if (spec.dataset && !row) return undefined;
  return { person, values: referenceValues(person, row ?? undefined, lang, platform.config.timeZone) };
}

/**
 * Issues an e-reference: rendered and sealed first, then the stored document, its usage event (`issued`)
 * and the audit entry commit together.
 */
export async function issueReference(
  platform: Platform,
  input: { viewer: Viewer; stored: StoredDefinition; agencyName: string; lang: Language },
  log: { warn(o: object, m: string): void },
): Promise<ReferenceOutcome> {
  const { viewer, stored, lang } = input;
  const spec = referenceSpec(stored);
  if (!spec) return { kind: 'no-record' };
  const data = await referenceData(platform, spec, viewer.personId, lang);
  if (!data) return { kind: 'no-record' };
  const at = platform.clock.now();
  const common = {
    lang,
    agencyName: input.agencyName,
    portalName: translator(lang)('site.name'),
    timeZone: platform.config.timeZone,
    at,
    verifyAddress: `${platform.config.publicUrl.replace(/\/$/, '')}/verify`,
  };
  let sealed: Awaited<ReturnType<typeof sealDocument>>;
  try {
    sealed = await sealDocument(platform, stored.agencyCode, referenceLayout(common, spec, data.values));
  } catch (error) {
    log.warn({ err: { message: (error as Error).message }, service: stored.code }, 'e-reference not sealed');
    return { kind: 'unavailable' };
  }
  const { db } = platform.database;
  const issued = await db.transaction(async (tx) => {
    const document = await storeSealed(
      tx,
      sealed,
      {
        kind: 'e-reference',
        accountId: viewer.accountId,
        personId: viewer.personId,
        agencyCode: stored.agencyCode,
        serviceCode: stored.code,
        applicationId: null,
        lang,
      },
      at,
    );
    await recordEvent(tx, {
      type: 'service_use',
      at,
      serviceCode: stored.code,
      agencyCode: stored.agencyCode,
      channel: 'web',
      outcome: 'issued',
      userKey: viewer.pseudonym,
      dedupeKey: `document:${document.id}`,
    });
    await appendAudit(
      tx,
      {
        action: 'document.issue',
        actorAccountId: viewer.accountId,
        subjectPersonId: viewer.personId,
        subjectType: 'document',
        subjectId: document.id,
        details: { service: stored.code, kind: 'e-reference' },
      },
      at,
    );
    return document;
  });
  return { kind: 'issued', verificationCode: issued.verificationCode };
}
