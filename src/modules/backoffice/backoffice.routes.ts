import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { agenciesWithRole, hasRole, requireRole, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, type Language } from '../../platform/i18n/i18n.ts';
import { recordStaffDataView, registerPeople } from '../identity/index.ts';
import {
  type ApplicationRow,
  agencyApplication,
  applicationFile,
  applicationView,
  claimApplication,
  type Decision,
  type decideApplication,
  decideWithDocument,
  OPEN_STATUSES,
  sendFile,
  signatureVerdict,
  statusText,
} from '../services/index.ts';
import { assignForm } from './assign.routes.ts';
import { tr } from './messages.ts';
import { type QueueFilter, queue, workload } from './queue.repository.ts';

const IdParams = Type.Intersect([LangParams, Type.Object({ id: Type.String({ maxLength: 40 }) })]);
const STATUSES = ['open', 'all', ...OPEN_STATUSES, 'approved', 'rejected'] as const;
const DECISIONS: Decision[] = ['request_info', 'approve', 'reject'];
const DAY = 86_400_000;

const officerAgencies = (viewer: Viewer | undefined) =>
  agenciesWithRole(viewer, ['agency_officer', 'agency_admin']);

function deadlineCell(lang: Language, row: ApplicationRow, now: Date, zone: string) {
  if (!row.deadline) return { text: '' };
  const t = tr(lang);
  const date = formatDate(lang, row.deadline, zone, { dateStyle: 'medium' });
  const open = (OPEN_STATUSES as readonly string[]).includes(row.status);
  const left = row.deadline.getTime() - now.getTime();
  if (!open || left > 2 * DAY) return { text: date };
  const tag =
    left < 0 ? ['govuk-tag--red', t('backoffice.overdue')] : ['govuk-tag--yellow', t('backoffice.dueSoon')];
  return { html: `${date} <strong class="govuk-tag ${tag[0]}">${tag[1]}</strong>` };
}

/** An officer saw an applicant's data: recorded for the resident's "Who accessed my data". */
async function recordApplicationView(
  request: FastifyRequest,
  viewer: Viewer,
  row: ApplicationRow,
  reason: 'application review' | 'application file',
): Promise<void> {
  const { platform } = request.server;
  const role = hasRole(viewer, 'agency_officer', row.agencyCode) ? 'agency_officer' : 'agency_admin';
  await recordStaffDataView(
    platform.database.db,
    viewer,
    {
      personId: row.personId,
      role,
      agencyCode: row.agencyCode,
      reason,
      subjectType: 'application',
      subjectId: row.id,
    },
    platform.clock.now(),
  );
}

export async function showApplication(
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
) {
  const { db } = request.server.platform.database;
  const viewer = request.viewer as Viewer;
  const { id } = request.params as { id: string };
  const row = await agencyApplication(db, officerAgencies(viewer), id);
  // Another agency's application reads as missing, like a stranger's to a resident.
  if (!row) return sendErrorPage(request, reply, 'notFound');
  await recordApplicationView(request, viewer, row, 'application review');
  const [person] = await db
    .select({ first: registerPeople.firstName, last: registerPeople.lastName })
    .from(registerPeople)
    .where(eq(registerPeople.id, row.personId));
  return reply.page('backoffice/views/application.njk', {
    ...(await applicationView(request, row, `/${request.lang}/backoffice/applications/${row.id}/files`)),
    applicant: person ? `${person.first} ${person.last}` : '',
    signature: await signatureVerdict(request.server.platform, row, request.lang as Language),
    canClaim:
      ['submitted', 'resubmitted'].includes(row.status) ||
      (row.status === 'in_review' && row.assignedTo !== viewer.accountId),
    canDecide: row.status === 'in_review' && row.assignedTo === viewer.accountId,
    assign: await assignForm(db, viewer, row),
    values: {},
    ...extra,
  });
}

/** The agency officers' queue, the application view, claiming and deciding. */
export function registerBackofficeRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const clock = app.platform.clock;
  const guard = { preHandler: requireRole('agency_officer', 'agency_admin') };

  app.get(
    '/:lang/backoffice',
    { ...guard, schema: { hide: true, params: LangParams } },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const lang = request.lang as Language;
      const t = tr(lang);
      const query = request.query as Record<string, unknown>;
      const status = (STATUSES as readonly string[]).includes(String(query.status))
        ? (query.status as QueueFilter['status'])
        : 'open';
      const q = typeof query.q === 'string' ? query.q.trim().slice(0, 60) : '';
      const mine = query.mine === '1';
      const agencies = officerAgencies(viewer);
      const rows = await queue(db, { agencies, status, q, mine: mine ? viewer.accountId : undefined });
      const now = clock.now();
      const zone = app.platform.config.timeZone;
      const admin = agenciesWithRole(viewer, ['agency_admin']);
      const load = admin.length > 0 ? await workload(db, admin) : [];
      return reply.page('backoffice/views/queue.njk', {
        filter: { status, q, mine },
        statusItems: STATUSES.map((s) => ({
          value: s,
          text:
            s === 'open'
              ? t('backoffice.filter.open')
              : s === 'all'
                ? t('backoffice.filter.all')
                : statusText(lang, s),
        })),
        rows: rows.map((r) => [
          { html: `<a class="govuk-link" href="/${lang}/backoffice/applications/${r.id}">${r.number}</a>` },
          { text: r.serviceCode },
          { text: statusText(lang, r.status) },
          deadlineCell(lang, r, now, zone),
          { text: r.assignedName ?? t('backoffice.unassigned') },
        ]),
        workload: load.map((w) => [{ text: w.name ?? t('backoffice.unassigned') }, { text: String(w.open) }]),
      });
    },
  );

  app.get(
    '/:lang/backoffice/applications/:id',
    { ...guard, schema: { hide: true, params: IdParams } },
    (request, reply) => showApplication(request, reply),
  );

  // An uploaded file, to the officers of the application's agency only (anyone else: 404), as an attachment.
  app.get(
    '/:lang/backoffice/applications/:id/files/:fileId',
    {
      ...guard,
      schema: {
        hide: true,
        params: Type.Intersect([IdParams, Type.Object({ fileId: Type.String({ maxLength: 40 }) })]),
      },
    },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const { id, fileId } = request.params as { id: string; fileId: string };
      const row = await agencyApplication(db, officerAgencies(viewer), id);
      const file = row ? await applicationFile(db, row.id, fileId) : undefined;
      if (!row || !file) return sendErrorPage(request, reply, 'notFound');
      await recordApplicationView(request, viewer, row, 'application file');
      return sendFile(reply, file);
    },
  );

  app.post(
    '/:lang/backoffice/applications/:id/claim',
    { ...guard, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const { id } = request.params as { id: string };
      const row = await agencyApplication(db, officerAgencies(viewer), id);
      if (!row) return sendErrorPage(request, reply, 'notFound');
      await claimApplication(db, viewer, row, clock.now());
      return reply.redirect(`/${request.lang}/backoffice/applications/${row.id}`, 303);
    },
  );

  app.post(
    '/:lang/backoffice/applications/:id/decide',
    { ...guard, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const { id } = request.params as { id: string };
      const t = tr(request.lang as Language);
      const row = await agencyApplication(db, officerAgencies(viewer), id);
      if (!row) return sendErrorPage(request, reply, 'notFound');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const action = DECISIONS.find((d) => d === body.action);
      const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
      const errors: Record<string, string> = {};
      if (!action) errors.action = t('backoffice.error.action');
      if (reason.length < 5 || reason.length > 2000) errors.reason = t('backoffice.error.reason');
      if (!errors.action && !errors.reason && row.assignedTo !== viewer.accountId)
        errors.action = t('backoffice.error.conflict');
      let outcome = undefined as Awaited<ReturnType<typeof decideApplication>> | undefined;
      if (Object.keys(errors).length === 0)
        outcome = await decideWithDocument(
          app.platform,
          viewer,
          row,
          { action: action as Decision, reason },
          clock.now(),
          request.log,
        );
      if (outcome && !outcome.ok) errors.action = t('backoffice.error.conflict');
      if (Object.keys(errors).length > 0)
        return showApplication(request, reply.code(400), {
          errors,
          errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
          values: {
            action: typeof body.action === 'string' ? body.action.slice(0, 20) : '',
            reason: reason.slice(0, 2000),
          },
        });
      return reply.redirect(`/${request.lang}/backoffice/applications/${row.id}`, 303);
    },
  );
}
