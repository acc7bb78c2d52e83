import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireRole, type Viewer } from '../../platform/http/auth.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate } from '../../platform/i18n/i18n.ts';
import type { IdentityContext } from './context.ts';
import { auditDenied } from './denied.ts';
import { errorView, type FormOf, formBody } from './http.ts';
import { type GrantProblem, grantableBy, grantRole, grantsVisibleTo, revokeRole } from './staff.service.ts';

const GrantParams = Type.Object({ lang: LangParams.properties.lang, id: Type.String({ format: 'uuid' }) });

const PROBLEM_FIELD: Record<GrantProblem, string> = {
  finFormat: 'fin',
  noAccount: 'fin',
  roleInvalid: 'role',
  agencyRequired: 'agency',
  agencyNotAllowed: 'agency',
  forbidden: 'role',
  duplicate: 'role',
};

/** Staff role administration: portal admins for everyone, agency admins for their own agency's officers. */
export function staffRoutes(app: FastifyInstance, context: IdentityContext): void {
  const guard = requireRole('portal_admin', 'agency_admin');
  const template = 'identity/views/admin-staff.njk';

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Record<string, unknown>,
  ) {
    const viewer = request.viewer as Viewer;
    const grants = (await grantsVisibleTo(context, viewer)).map((g) => ({
      ...g,
      grantedAt: formatDate(request.lang, g.grantedAt, context.config.timeZone),
      own: g.accountId === viewer.accountId,
    }));
    const allowed = grantableBy(viewer);
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .page(template, {
        grants,
        roles: allowed.roles,
        agencies: allowed.agencies === 'any' ? undefined : allowed.agencies,
        values: {},
        ...extra,
      });
  }

  app.get(
    '/:lang/admin/staff',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) =>
      render(request, reply, 200, { done: (request.query as { done?: string }).done }),
  );

  app.post(
    '/:lang/admin/staff/grants',
    {
      schema: { hide: true, params: LangParams, body: formBody('fin', 'role', 'agency') },
      preHandler: guard,
    },
    async (request, reply) => {
      const body = request.body as FormOf<'fin' | 'role' | 'agency'>;
      const result = await grantRole(context, request.viewer as Viewer, body);
      if (result.ok) return reply.redirect(`/${request.lang}/admin/staff?done=granted`, 303);
      const status = result.problem === 'forbidden' ? 403 : 400;
      const errors = errorView(request, [
        { field: PROBLEM_FIELD[result.problem], key: `identity.staff.error.${result.problem}` },
      ]);
      return render(request, reply, status, {
        values: { fin: body.fin?.slice(0, 20), role: body.role, agency: body.agency?.slice(0, 20) },
        ...errors,
      });
    },
  );

  app.post(
    '/:lang/admin/staff/grants/:id/revoke',
    { schema: { hide: true, params: GrantParams, body: formBody() }, preHandler: guard },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const result = await revokeRole(context, request.viewer as Viewer, id);
      if (result === 'notFound') {
        await auditDenied(context, request, 'grant_not_manageable');
        return reply.callNotFound();
      }
      if (result === 'self') {
        const errors = errorView(request, [{ field: 'fin', key: 'identity.staff.error.self' }]);
        return render(request, reply, 400, errors);
      }
      return reply.redirect(`/${request.lang}/admin/staff?done=revoked`, 303);
    },
  );
}
