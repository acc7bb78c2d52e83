import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { sendProblem } from '../../platform/http/errors.ts';
import { registerOpenDataSet } from '../catalogue/index.ts';
import { catalogueNames } from './figures.repository.ts';
import { REPORTS, runReport, toCsv } from './open-data.ts';
import { localToday, parsePeriod } from './period.ts';

export const MAX_LIMIT = 10_000;
const PROBLEMS: Record<string, string> = {
  fromInvalid: '"from" must be a date YYYY-MM-DD',
  toInvalid: '"to" must be a date YYYY-MM-DD',
  order: '"from" must be before "to" (the period is [from, to))',
  range: 'the period must lie between 2000-01-01 and 2100-01-01 and last at most 20 years',
};

const Params = Type.Object({ report: Type.String({ maxLength: 40 }) });
const Query = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 20, description: 'First local date (YYYY-MM-DD), included' })),
  to: Type.Optional(
    Type.String({ maxLength: 20, description: 'Local date (YYYY-MM-DD) the period ends before' }),
  ),
  agency: Type.Optional(
    Type.String({ maxLength: 40, description: 'Only this agency (code as in the catalogue)' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 1000 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
});
const Envelope = Type.Object({
  name: Type.String(),
  query: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  meta: Type.Object({ name: Type.String(), description: Type.String() }),
  data: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  totals: Type.Record(Type.String(), Type.Number()),
  taken_at: Type.String({ format: 'date-time' }),
});
const Problem = Type.Object({
  title: Type.String(),
  status: Type.Number(),
  detail: Type.Optional(Type.String()),
});

type Q = { from?: string; to?: string; agency?: string; limit?: number; page?: number };

/** Open data in the shape of analytics.usa.gov: /open-data/v1/reports/{report}/data[.csv]. */
export function openDataRoutes(app: FastifyInstance): void {
  const { database, clock, config } = app.platform;
  const reports = Object.keys(REPORTS);
  const serve = async (report: string, query: Q, reply: FastifyReply, csv: boolean) => {
    if (!REPORTS[report]) return sendProblem(reply, 404, 'Unknown report', `Reports: ${reports.join(', ')}`);
    const { period, problem } = parsePeriod(query, localToday(clock.now(), config.timeZone));
    if (problem) return sendProblem(reply, 400, 'Bad period', PROBLEMS[problem]);
    if (query.agency && !(await catalogueNames(database.db)).agencies.has(query.agency))
      return sendProblem(reply, 400, 'Unknown agency', `No agency with the code ${query.agency}`);
    const result = await runReport(
      database.db,
      report,
      { period, agency: query.agency, limit: query.limit ?? 1000, page: query.page ?? 1 },
      clock.now(),
    );
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    if (!csv) return result;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${report}-${period.from}-${period.to}.csv"`)
      .send(toCsv(result.data));
  };
  const schema = (summary: string, csv: boolean) => ({
    tags: ['open data'],
    summary,
    description: `Reports: ${reports.join(', ')}. Periods are [from, to) in local dates (${config.timeZone}).`,
    params: Params,
    querystring: Query,
    response: csv ? { 400: Problem, 404: Problem } : { 200: Envelope, 400: Problem, 404: Problem },
  });
  app.get(
    '/open-data/v1/reports/:report/data',
    { schema: schema('A statistics report as JSON', false) },
    (req, reply) => serve((req.params as { report: string }).report, req.query as Q, reply, false),
  );
  app.get(
    '/open-data/v1/reports/:report/data.csv',
    { schema: schema('The same rows as CSV', true) },
    (req, reply) => serve((req.params as { report: string }).report, req.query as Q, reply, true),
  );
  registerOpenDataSet({
    id: 'statistics',
    title: 'statistics.openData.title',
    description: 'statistics.openData.description',
    formats: reports.flatMap((r) => [
      { label: `${r} (JSON)`, href: `/open-data/v1/reports/${r}/data` },
      { label: `${r} (CSV)`, href: `/open-data/v1/reports/${r}/data.csv` },
    ]),
  });
}
