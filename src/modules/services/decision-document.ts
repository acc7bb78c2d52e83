import type { Platform } from '../../app.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { type Language, translator } from '../../platform/i18n/i18n.ts';
import { findAgency, findService } from '../catalogue/index.ts';
import { decisionLayout, type SealedDocument, sealDocument } from '../documents/index.ts';
import { findPersonById } from '../identity/index.ts';
import type { ApplicationRow } from './applications.service.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { definitionVersion } from './definitions.ts';
import { type Decision, decideApplication } from './workflow.ts';

/** The signed decision document of an approval or rejection, in the language the resident applied in. */
export async function sealDecision(
  platform: Platform,
  application: ApplicationRow,
  decision: { approved: boolean; reason: string },
  at: Date,
): Promise<SealedDocument> {
  const { db } = platform.database;
  const lang = (['az', 'en', 'ru'].includes(application.lang) ? application.lang : 'az') as Language;
  const [service, agency, person, version] = await Promise.all([
    findService(db, application.serviceCode),
    findAgency(db, application.agencyCode),
    findPersonById(db, application.personId),
    definitionVersion(db, application.serviceCode, application.definitionVersion),
  ]);
  if (!person) throw new Error('applicant not in the register');
  const definition = version?.definition as unknown as ApplicationDefinition | undefined;
  const serviceName = service ? (service.name[lang] ?? service.name.az) : application.serviceCode;
  const common = {
    lang,
    agencyName: agency ? (agency.name[lang] ?? agency.name.az) : application.agencyCode,
    portalName: translator(lang)('site.name'),
    timeZone: platform.config.timeZone,
    at,
    verifyAddress: `${platform.config.publicUrl.replace(/\/$/, '')}/verify`,
  };
  const facts = {
    number: application.number ?? '',
    serviceName,
    decisionTitle: definition?.decision?.title?.[lang] ?? serviceName,
    approved: decision.approved,
    reason: decision.reason,
    submittedAt: application.submittedAt,
  };
  return sealDocument(platform, application.agencyCode, decisionLayout(common, facts, person));
}

/**
 * An officer's decision; approvals and rejections carry their signed decision document, stored in the
 * decision's transaction. When the document cannot be sealed (no CA yet, signer down) the decision is
 * still recorded and the failure logged: a resident's application must not stall on the seal.
 */
export async function decideWithDocument(
  platform: Platform,
  officer: Viewer,
  application: ApplicationRow,
  decision: { action: Decision; reason: string },
  at: Date,
  log: { warn(o: object, m: string): void },
) {
  const { db } = platform.database;
  if (decision.action === 'request_info') return decideApplication(db, officer, application, decision, at);
  const sealed = await sealDecision(
    platform,
    application,
    { approved: decision.action === 'approve', reason: decision.reason },
    at,
  ).catch((error: Error) => {
    log.warn({ err: { message: error.message }, application: application.id }, 'decision not sealed');
    return undefined;
  });
  return decideApplication(db, officer, application, decision, at, sealed);
}
