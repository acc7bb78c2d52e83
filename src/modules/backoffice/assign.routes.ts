import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../platform/db/client.ts';
import { agenciesWithRole, hasRole, requireRole, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { officersOfAgency } from '../identity/index.ts';
import {
  type ApplicationRow,
  agencyApplication,
  assignApplication,
  OPEN_STATUSES,
} from '../services/index.ts';
import { showApplication } from './backoffice.routes.ts';
import { tr } from './messages.ts';

const IdParams = Type.Intersect([LangParams, Type.Object({ id: Type.String({ maxLength: 40 }) })]);
const AssignBody = Type.Object({
  officer: Type.Optional(Type.String({ maxLength: 60 })),
  _csrf: Type.Optional(Type.String()),
});

/** What the application page needs for the admin's assignment form; undefined for everyone else. */
export async function assignForm(db: Db, viewer: Viewer, row: ApplicationRow) {
  if (!hasRole(viewer, 'agency_admin', row.agencyCode)) return undefined;
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) return undefined;
  return { officers: await officersOfAgency(db, row.agencyCode), current: row.assignedTo };
}

/** Agency admins give an open application to an officer of their agency, or back to the queue. */
export function registerAssignRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  app.post(
    '/:lang/backoffice/applications/:id/assign',
    { preHandler: requireRole('agency_admin'), schema: { hide: true, params: IdParams, body: AssignBody } },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const { id } = request.params as { id: string };
      // Only the agencies this person administers: another agency's application reads as missing.
      const row = await agencyApplication(db, agenciesWithRole(viewer, ['agency_admin']), id);
      if (!row) return sendErrorPage(request, reply, 'notFound');
      const chosen = (request.body as { officer?: string }).officer ?? '';
      const officer =
        chosen === ''
          ? null
          : (await officersOfAgency(db, row.agencyCode)).find((o) => o.accountId === chosen);
      const t = tr(request.lang as Language);
      if (officer === undefined || !(OPEN_STATUSES as readonly string[]).includes(row.status)) {
        const text = t(officer === undefined ? 'backoffice.assign.unknown' : 'backoffice.assign.closed');
        return showApplication(request, reply.code(400), {
          errorList: [{ text, href: '#officer' }],
          errors: { officer: text },
        });
      }
      if (!(await assignApplication(db, viewer, row, officer, app.platform.clock.now()))) {
        const text = t('backoffice.assign.closed');
        return showApplication(request, reply.code(409), {
          errorList: [{ text, href: '#officer' }],
          errors: { officer: text },
        });
      }
      return reply.redirect(`/${request.lang}/backoffice/applications/${row.id}`, 303);
    },
  );
}
