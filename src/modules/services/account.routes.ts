import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, type Language } from '../../platform/i18n/i18n.ts';
import { findService } from '../catalogue/index.ts';
import { documentsOfApplicationList } from '../documents/index.ts';
import {
  type ApplicationRow,
  applicationOfPerson,
  applicationsOfPerson,
  historyOf,
} from './applications.service.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { definitionVersion } from './definitions.ts';
import { answers, answerValue } from './form.ts';
import { tr } from './messages.ts';
import { stringBody } from './page-context.ts';
import { respondToRequest } from './workflow.ts';

const IdParams = Type.Intersect([LangParams, Type.Object({ id: Type.String({ maxLength: 40 }) })]);

export function statusText(lang: Language, status: string): string {
  return tr(lang)(`services.status.${status}`);
}

function when(lang: Language, at: Date | null, zone: string): string {
  return at ? formatDate(lang, at, zone, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** The application as its owner (and, through the back office, an officer) reads it. */
export async function applicationView(
  request: FastifyRequest,
  row: ApplicationRow,
  filesAt = `/${request.lang}/account/applications/${row.id}/files`,
) {
  const { db } = request.server.platform.database;
  const lang = request.lang as Language;
  const t = tr(lang);
  const zone = request.server.platform.config.timeZone;
  const [definition, history, service, documents] = await Promise.all([
    definitionVersion(db, row.serviceCode, row.definitionVersion),
    historyOf(db, row.id),
    findService(db, row.serviceCode),
    documentsOfApplicationList(request, row.id),
  ]);
  const answerList = definition
    ? answers(definition.definition as unknown as ApplicationDefinition, row.data, lang)
    : Object.entries(row.data).map(([name, value]) => ({
        name,
        label: name,
        value: String(value),
        file: undefined,
      }));
  const facts = [
    [t('services.mine.service'), row.serviceCode],
    [t('services.mine.status'), statusText(lang, row.status)],
    [t('services.application.submittedAt'), when(lang, row.submittedAt, zone)],
    [
      t('services.application.deadline'),
      row.deadline ? formatDate(lang, row.deadline, zone, { dateStyle: 'medium' }) : '',
    ],
    ...(row.decisionReason ? [[t('services.application.reason'), row.decisionReason]] : []),
  ];
  return {
    id: row.id,
    number: row.number ?? '',
    serviceName: service ? (service.name[lang] ?? service.name.az) : row.serviceCode,
    facts: facts.map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
    answerRows: answerList.map((a) => ({
      key: { text: a.label },
      value: answerValue(a, lang, (id) => `${filesAt}/${id}`),
    })),
    documents,
    history: history.map((e) => ({
      when: when(lang, e.at, zone),
      status: statusText(lang, e.status),
      message: e.message,
    })),
  };
}

async function showApplication(
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
) {
  const viewer = request.viewer as Viewer;
  const { id } = request.params as { id: string };
  const row = await applicationOfPerson(request.server.platform.database.db, viewer.personId, id);
  if (!row || row.status === 'draft') return sendErrorPage(request, reply, 'notFound');
  return reply.page('services/views/application.njk', {
    ...(await applicationView(request, row)),
    submitted: (request.query as Record<string, unknown>).submitted === '1',
    canRespond: row.status === 'info_requested',
    values: {},
    ...extra,
  });
}

/** "My applications": the list, one application with its history, and answers to requests for information. */
export function registerAccountRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const guard = { preHandler: requireLogin('substantial') };

  app.get(
    '/:lang/account/applications',
    { ...guard, schema: { hide: true, params: LangParams } },
    async (request, reply) => {
      const lang = request.lang as Language;
      const rows = await applicationsOfPerson(db, (request.viewer as Viewer).personId);
      return reply.page('services/views/my-applications.njk', {
        rows: rows.map((r) => [
          r.status === 'draft'
            ? {
                html: `<a class="govuk-link" href="/${lang}/services/${r.serviceCode}/apply?key=${r.submissionKey}">${tr(lang)('services.mine.draft')}</a>`,
              }
            : { html: `<a class="govuk-link" href="/${lang}/account/applications/${r.id}">${r.number}</a>` },
          { text: r.serviceCode },
          { text: statusText(lang, r.status) },
          { text: when(lang, r.updatedAt, app.platform.config.timeZone) },
        ]),
      });
    },
  );

  app.get(
    '/:lang/account/applications/:id',
    { ...guard, schema: { hide: true, params: IdParams } },
    (request, reply) => showApplication(request, reply),
  );

  app.post(
    '/:lang/account/applications/:id/respond',
    { ...guard, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const viewer = request.viewer as Viewer;
      const { id } = request.params as { id: string };
      const lang = request.lang as Language;
      const row = await applicationOfPerson(db, viewer.personId, id);
      if (!row || row.status === 'draft') return sendErrorPage(request, reply, 'notFound');
      const message = stringBody(request).message;
      const text = typeof message === 'string' ? message.trim() : '';
      if (text.length < 2 || text.length > 3000) {
        const error = tr(lang)('services.application.respondError');
        return showApplication(request, reply.code(400), {
          errorList: [{ text: error, href: '#message' }],
          errors: { message: error },
          values: { message: typeof message === 'string' ? message.slice(0, 3000) : '' },
        });
      }
      await respondToRequest(db, viewer, row, text, app.platform.clock.now());
      return reply.redirect(`/${lang}/account/applications/${row.id}`, 303);
    },
  );
}
