import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireRole, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { editableAgencies, mayEdit, type SaveResult, saveAgency, saveService } from './admin.service.ts';
import {
  agencyEntryFromForm,
  agencyFormValues,
  type Form,
  formErrors,
  serviceEntryFromForm,
  serviceFormValues,
} from './admin-form.ts';
import {
  AGENCY_KINDS,
  AUDIENCES,
  AUTH_LEVELS,
  CHANNELS,
  SERVICE_KINDS,
  STATUSES,
} from './catalogue.model.ts';
import {
  agencyRecord,
  findAgency,
  findService,
  serviceRecord,
  servicesOfAgency,
} from './catalogue.repository.ts';
import type { Catalogue } from './catalogue.service.ts';
import type { ImportProblem } from './validate.ts';
import { type LooseTranslate, messages } from './view-helpers.ts';

const CodeParams = Type.Object({
  lang: LangParams.properties.lang,
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
});
const BASE = (lang: string) => `/${lang}/admin/catalogue`;

function errorView(t: LooseTranslate, problems: ImportProblem[]) {
  const label = (field: string) => {
    const [name, lang] = field.split('_');
    const base = t(`catalogue.admin.field.${name}`);
    return lang ? `${base} (${t(`catalogue.admin.inLang.${lang}`)})` : base;
  };
  const errors = formErrors(problems).map((e) => ({
    field: e.field,
    text:
      e.field === 'version'
        ? t('catalogue.admin.error.version')
        : t(`catalogue.admin.error.${e.code}`, { field: label(e.field) }),
  }));
  return {
    errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    errors: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
  };
}

function choices(t: LooseTranslate, prefix: string, values: readonly string[]) {
  return values.map((value) => ({ value, text: t(`${prefix}.${value}`) }));
}

/** Radio, checkbox and select items with what the form holds marked (checked, or selected in a select). */
function mark(items: { value: string; text: string }[], current: Form[string]) {
  return items.map((i) => {
    const on = Array.isArray(current) ? current.includes(i.value) : current === i.value;
    return { ...i, checked: on, selected: on };
  });
}

type FormData = { values: Form } & Record<string, unknown>;

/** The portal's and agencies' admins edit services and agencies here; every change is audited. */
export function registerAdmin(app: FastifyInstance, catalogue: Catalogue): void {
  const guard = requireRole('portal_admin', 'agency_admin');
  const db = app.platform.database.db;
  const clock = app.platform.clock;

  async function serviceForm(request: FastifyRequest, reply: FastifyReply, status: number, data: FormData) {
    const t = messages(request.lang);
    const ref = await catalogue.reference();
    const allowed = editableAgencies(request.viewer as Viewer);
    const lang = request.lang;
    const values = data.values;
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .page('catalogue/views/admin-service.njk', {
        agencies: mark(
          ref.agencies
            .filter((a) => allowed === 'any' || allowed.includes(a.code))
            .map((a) => ({ value: a.code, text: a.name[lang] })),
          values.agency,
        ),
        categories: mark(
          ref.categories.map((c) => ({ value: c.code, text: c.name[lang] })),
          values.categories,
        ),
        kinds: mark(choices(t, 'catalogue.kind', SERVICE_KINDS), values.kind),
        authLevels: mark(choices(t, 'catalogue.authLevel.long', AUTH_LEVELS), values.authLevel),
        statuses: mark(choices(t, 'catalogue.status', STATUSES), values.status),
        audiences: mark(choices(t, 'catalogue.audience', AUDIENCES), values.audience),
        channels: mark(choices(t, 'catalogue.channel', CHANNELS), values.channels),
        errors: {},
        ...data,
      });
  }

  async function agencyForm(request: FastifyRequest, reply: FastifyReply, status: number, data: FormData) {
    const t = messages(request.lang);
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .page('catalogue/views/admin-agency.njk', {
        kinds: mark(choices(t, 'catalogue.agencyKind', AGENCY_KINDS), data.values.kind),
        errors: {},
        ...data,
      });
  }

  function afterSave<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    result: SaveResult<T>,
    code: string,
    render: (problems: ImportProblem[]) => unknown,
  ) {
    if (!result.ok) return render(result.problems);
    catalogue.invalidate();
    return reply.redirect(`${BASE(request.lang)}?saved=${encodeURIComponent(code)}`, 303);
  }

  app.get(
    '/:lang/admin/catalogue',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const ref = await catalogue.reference();
      const allowed = editableAgencies(viewer);
      const agencies = ref.agencies.filter((a) => allowed === 'any' || allowed.includes(a.code));
      const query = request.query as { agency?: unknown; saved?: unknown };
      const wanted =
        typeof query.agency === 'string' ? query.agency : allowed === 'any' ? undefined : agencies[0]?.code;
      const agency = agencies.find((a) => a.code === wanted);
      return reply.header('cache-control', 'no-store').page('catalogue/views/admin-catalogue.njk', {
        agencies,
        agency,
        services: agency ? await servicesOfAgency(db, agency.code) : [],
        portalAdmin: allowed === 'any',
        saved: typeof query.saved === 'string' ? query.saved.slice(0, 40) : undefined,
      });
    },
  );

  app.get(
    '/:lang/admin/catalogue/services/new',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const { agency } = request.query as { agency?: unknown };
      return serviceForm(request, reply, 200, {
        creating: true,
        values: {
          agency: typeof agency === 'string' ? agency : undefined,
          status: 'draft',
          currency: 'AZN',
          fee: '0',
        },
      });
    },
  );

  app.post(
    '/:lang/admin/catalogue/services/new',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const code = String(form.code ?? '')
        .trim()
        .toUpperCase();
      const result = await saveService(db, request.viewer as Viewer, serviceEntryFromForm(form, code), {
        creating: true,
        at: clock.now(),
      });
      return afterSave(request, reply, result, code, (problems) =>
        serviceForm(request, reply, 400, {
          creating: true,
          values: { ...form, code },
          ...errorView(messages(request.lang), problems),
        }),
      );
    },
  );

  app.get(
    '/:lang/admin/catalogue/services/:code',
    { schema: { hide: true, params: CodeParams }, preHandler: guard },
    async (request, reply) => {
      const row = await findService(db, (request.params as { code: string }).code);
      if (!row || !mayEdit(request.viewer as Viewer, row.agencyCode))
        return sendErrorPage(request, reply, 'notFound');
      return serviceForm(request, reply, 200, {
        code: row.code,
        version: row.version,
        values: serviceFormValues(serviceRecord(row)),
      });
    },
  );

  app.post(
    '/:lang/admin/catalogue/services/:code',
    { schema: { hide: true, params: CodeParams }, preHandler: guard },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const row = await findService(db, (request.params as { code: string }).code);
      if (!row || !mayEdit(viewer, row.agencyCode)) return sendErrorPage(request, reply, 'notFound');
      const form = (request.body ?? {}) as Form;
      const expectedVersion = Number(form.version);
      const result = await saveService(db, viewer, serviceEntryFromForm(form, row.code), {
        creating: false,
        expectedVersion,
        at: clock.now(),
      });
      return afterSave(request, reply, result, row.code, (problems) =>
        serviceForm(request, reply, 400, {
          code: row.code,
          version: row.version,
          values: form,
          ...errorView(messages(request.lang), problems),
        }),
      );
    },
  );

  app.get(
    '/:lang/admin/catalogue/agencies/new',
    { schema: { hide: true, params: LangParams }, preHandler: requireRole('portal_admin') },
    async (request, reply) => agencyForm(request, reply, 200, { creating: true, values: {} }),
  );

  app.post(
    '/:lang/admin/catalogue/agencies/new',
    { schema: { hide: true, params: LangParams }, preHandler: requireRole('portal_admin') },
    async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const code = String(form.code ?? '')
        .trim()
        .toUpperCase();
      const result = await saveAgency(db, request.viewer as Viewer, agencyEntryFromForm(form, code), {
        creating: true,
        at: clock.now(),
      });
      return afterSave(request, reply, result, code, (problems) =>
        agencyForm(request, reply, 400, {
          creating: true,
          values: { ...form, code },
          ...errorView(messages(request.lang), problems),
        }),
      );
    },
  );

  app.get(
    '/:lang/admin/catalogue/agencies/:code',
    { schema: { hide: true, params: CodeParams }, preHandler: guard },
    async (request, reply) => {
      const row = await findAgency(db, (request.params as { code: string }).code);
      if (!row || !mayEdit(request.viewer as Viewer, row.code))
        return sendErrorPage(request, reply, 'notFound');
      return agencyForm(request, reply, 200, { code: row.code, values: agencyFormValues(agencyRecord(row)) });
    },
  );

  app.post(
    '/:lang/admin/catalogue/agencies/:code',
    { schema: { hide: true, params: CodeParams }, preHandler: guard },
    async (request, reply) => {
      const row = await findAgency(db, (request.params as { code: string }).code);
      if (!row || !mayEdit(request.viewer as Viewer, row.code))
        return sendErrorPage(request, reply, 'notFound');
      const form = (request.body ?? {}) as Form;
      const result = await saveAgency(db, request.viewer as Viewer, agencyEntryFromForm(form, row.code), {
        creating: false,
        at: clock.now(),
      });
      return afterSave(request, reply, result, row.code, (problems) =>
        agencyForm(request, reply, 400, {
          code: row.code,
          values: form,
          ...errorView(messages(request.lang), problems),
        }),
      );
    },
  );
}
