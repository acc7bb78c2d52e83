import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendErrorPage } from './errors.ts';

/** eIDAS-style levels: a passcode login is substantial, an e-signature certificate login is high. */
export type AssuranceLevel = 'substantial' | 'high';
const LEVEL_RANK: Record<AssuranceLevel, number> = { substantial: 1, high: 2 };

export const STAFF_ROLES = [
  'portal_admin',
  'editor',
  'statistician',
  'agency_admin',
  'agency_officer',
  'ca_operator',
  'service_centre_operator',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles that are scoped to exactly one agency. */
export const AGENCY_SCOPED: readonly StaffRole[] = ['agency_admin', 'agency_officer'];

export interface RoleGrant {
  role: StaffRole;
  agencyCode?: string;
}

/** Who is making the request, as the identity module established it. */
export interface Viewer {
  accountId: string;
  sessionId: string;
  /** The person in the population register (not the FIN itself). */
  personId: string;
  displayName: string;
  /** Keyed hash of the account id: the only user key statistics and analytics ever see. */
  pseudonym: string;
  level: AssuranceLevel;
  roles: RoleGrant[];
  /** Set when the person acts for an organisation they are registered to represent. */
  actingFor?: { kind: 'legal' | 'state'; id: string; name: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

export function hasRole(viewer: Viewer | undefined, role: StaffRole, agencyCode?: string): boolean {
  return !!viewer?.roles.some(
    (g) => g.role === role && (agencyCode === undefined || g.agencyCode === agencyCode),
  );
}

export function agenciesWithRole(viewer: Viewer | undefined, roles: StaffRole[]): string[] {
  return (viewer?.roles ?? [])
    .filter((g) => roles.includes(g.role) && g.agencyCode)
    .map((g) => g.agencyCode as string);
}

function toLogin(request: FastifyRequest, reply: FastifyReply, level: AssuranceLevel) {
  if (request.url.startsWith('/api/')) return reply.code(401).send({ title: 'login required', status: 401 });
  const next = encodeURIComponent(request.url.slice(0, 2000));
  return reply.redirect(`/${request.lang}/login?next=${next}${level === 'high' ? '&level=high' : ''}`, 303);
}

/** preHandler: a logged-in viewer at the given level; otherwise to the login (or step-up) page. */
export function requireLogin(level: AssuranceLevel = 'substantial') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const viewer = request.viewer;
    if (!viewer || LEVEL_RANK[viewer.level] < LEVEL_RANK[level]) return toLogin(request, reply, level);
  };
}

/** preHandler: one of the roles (any agency); the route itself checks the agency of the record it touches. */
export function requireRole(...roles: StaffRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const viewer = request.viewer;
    if (!viewer) return toLogin(request, reply, 'substantial');
    if (!viewer.roles.some((g) => roles.includes(g.role)))
      return sendErrorPage(request, reply, 'noPermission');
  };
}
