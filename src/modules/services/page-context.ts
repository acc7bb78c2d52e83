import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import { requireLogin } from '../../platform/http/auth.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { findAgency, findService } from '../catalogue/index.ts';
import type { StoredDefinition } from './definition.model.ts';
import { loadDefinition } from './definitions.ts';

export interface ServiceContext {
  stored: StoredDefinition;
  serviceName: string;
  agencyName: string;
  authLevel: string;
  url: string | null;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;

/** The published catalogue entry and its live definition, or undefined (-> 404). */
export async function serviceContext(
  db: Db,
  code: string,
  lang: Language,
): Promise<ServiceContext | undefined> {
  if (!CODE.test(code)) return undefined;
  const [service, stored] = await Promise.all([findService(db, code), loadDefinition(db, code)]);
  if (!service || !stored || service.status !== 'published') return undefined;
  const agency = await findAgency(db, service.agencyCode);
  return {
    stored,
    serviceName: service.name[lang] ?? service.name.az,
    agencyName: agency?.name[lang] ?? service.agencyCode,
    authLevel: service.authLevel,
    url: service.url,
  };
}

export function errorSummary(errors: { field: string; text: string }[]) {
  return {
    errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    errors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
  };
}

export function stringBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

/**
 * Sends the viewer to log in (or to step up to an e-signature login) when the catalogue entry's level asks
 * for more than the session has; returns true when it did.
 */
export async function needsLogin(
  request: FastifyRequest,
  reply: FastifyReply,
  authLevel: string,
): Promise<boolean> {
  if (authLevel === 'none') return false;
  const level = authLevel === 'esignature' ? 'high' : 'substantial';
  await requireLogin(level)(request, reply);
  return reply.sent;
}
