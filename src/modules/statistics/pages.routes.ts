import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatNumber, type Language, translator } from '../../platform/i18n/i18n.ts';
import { dashboardData } from './dashboard.ts';
import { catalogueNames, type Filter } from './figures.repository.ts';
import { localToday, type Period, PRESETS, parsePeriod } from './period.ts';

export const PeriodQuery = Type.Object({
  period: Type.Optional(Type.String({ maxLength: 10 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
});
const CodeParams = Type.Object({ ...LangParams.properties, code: Type.String({ maxLength: 40 }) });
type Q = { period?: string; from?: string; to?: string };
type T = (key: string, values?: Record<string, string | number>) => string;

/** The period of a page request, with the error-summary entry when the input was wrong. */
export function pagePeriod(app: FastifyInstance, request: FastifyRequest) {
  const query = request.query as Q;
  const { clock, config } = app.platform;
  const { period, problem } = parsePeriod(query, localToday(clock.now(), config.timeZone));
  const t = translator(request.lang) as unknown as T;
  const field = problem === 'toInvalid' ? '#to' : '#from';
  return {
    period,
    errors: problem ? [{ text: t(`statistics.error.${problem}`), href: field }] : undefined,
    form: { period: query.period ?? 'month', from: query.from ?? period.from, to: query.to ?? period.to },
  };
}

function downloads(period: Period, filter: Filter) {
  const q = new URLSearchParams({
    from: period.from,
    to: period.to,
    ...(filter.agency ? { agency: filter.agency } : {}),
  });
  return (report: string) => ({
    json: `/open-data/v1/reports/${report}/data?${q}`,
    csv: `/open-data/v1/reports/${report}/data.csv?${q}`,
  });
}

async function render(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  filter: Filter,
  title?: string,
) {
  const lang = request.lang as Language;
  const { period, errors, form } = pagePeriod(app, request);
  const data = await dashboardData(app.platform.database.db, period, lang, filter);
  const base = filter.agency
    ? `agencies/${filter.agency}`
    : filter.service
      ? `services/${filter.service}`
      : '';
  if (errors) reply.code(400);
  return reply.page('statistics/views/dashboard.njk', {
    ...data,
    title,
    errors,
    form,
    period,
    presets: PRESETS,
    action: `/${lang}/statistics${base ? `/${base}` : ''}`,
    zone: app.platform.config.timeZone,
    download: downloads(period, filter),
    webText: data.web && {
      users: data.web.usersEstimated
        ? `${formatNumber(lang, data.web.users)} ${(translator(lang) as unknown as T)('analytics.estimated')}`
        : formatNumber(lang, data.web.users),
      visits: formatNumber(lang, data.web.visits),
      pageviews: formatNumber(lang, data.web.pageviews),
    },
    query: new URLSearchParams({ from: period.from, to: period.to }).toString(),
  });
}

export function pageRoutes(app: FastifyInstance): void {
  const db = app.platform.database.db;
  const hide = { hide: true };
  app.get(
    '/:lang/statistics',
    { schema: { ...hide, params: LangParams, querystring: PeriodQuery } },
    (request, reply) => render(app, request, reply, {}),
  );
  app.get(
    '/:lang/statistics/agencies/:code',
    { schema: { ...hide, params: CodeParams, querystring: PeriodQuery } },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const name = (await catalogueNames(db)).agencies.get(code);
      if (!name) return sendErrorPage(request, reply, 'notFound');
      return render(app, request, reply, { agency: code }, name[request.lang] ?? code);
    },
  );
  app.get(
    '/:lang/statistics/services/:code',
    { schema: { ...hide, params: CodeParams, querystring: PeriodQuery } },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const service = (await catalogueNames(db)).services.get(code);
      if (!service) return sendErrorPage(request, reply, 'notFound');
      return render(app, request, reply, { service: code }, service.name[request.lang] ?? code);
    },
  );
}
