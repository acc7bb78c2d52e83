import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatNumber, type Language, translator } from '../../platform/i18n/i18n.ts';
import { type Period, type PeriodProblem, parsePeriod } from './period.ts';
import {
  buildSection,
  formatDuration,
  formatShare,
  isSectionId,
  SECTION_IDS,
  type SectionData,
} from './web.sections.ts';

const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});
const FileParams = Type.Object({
  lang: LangParams.properties.lang,
  file: Type.String({ maxLength: 40 }),
});

const PAGE_SECTIONS = SECTION_IDS.filter((id) => id !== 'overview');
const FIGURE_FORMAT: Record<string, 'number' | 'share' | 'duration' | 'decimal'> = {
  pagesPerVisit: 'decimal',
  avgDuration: 'duration',
  avgEngaged: 'duration',
  newVisitShare: 'share',
  newUserShare: 'share',
};

function query(period: Period): string {
  return `from=${period.from}&to=${period.to}`;
}

function cell(section: SectionData, lang: Language, key: string, value: string | number, numeric: boolean) {
  if (numeric) return { text: formatNumber(lang, Number(value)), format: 'numeric' };
  return { text: key === 'value' && section.label ? section.label(String(value)) : String(value) };
}

/** govukTable arguments for a section. */
function table(section: SectionData, lang: Language) {
  return {
    head: section.columns.map((c) => ({ text: c.label, ...(c.numeric ? { format: 'numeric' } : {}) })),
    rows: section.rows.map((row) =>
      section.columns.map((c) => cell(section, lang, c.key, row[c.key] ?? '', c.numeric)),
    ),
  };
}

function figureText(lang: Language, figure: string, value: number): string {
  const format = FIGURE_FORMAT[figure] ?? 'number';
  if (format === 'duration') return formatDuration(lang, value);
  if (format === 'share') return formatShare(lang, value);
  if (format === 'decimal') return formatNumber(lang, value, { maximumFractionDigits: 2 });
  return formatNumber(lang, value);
}

async function pageData(request: FastifyRequest, period: Period) {
  const { database } = request.server.platform;
  const lang = request.lang;
  const t = translator(lang) as (key: string, values?: Record<string, string>) => string;
  const overview = await buildSection(database.db, period, lang, 'overview');
  const sections = [];
  for (const id of PAGE_SECTIONS) {
    const section = await buildSection(database.db, period, lang, id);
    const base = `/${lang}/statistics/web/${id}`;
    sections.push({
      id,
      title: section.title,
      chart: section.rows.length > 0 && section.chart ? await section.chart() : undefined,
      table: table(section, lang),
      empty: section.rows.length === 0,
      csv: `${base}.csv?${query(period)}`,
      json: `${base}.json?${query(period)}`,
    });
  }
  return {
    figures: overview.rows.map((r) => ({
      key: { text: t(`analytics.figure.${r.figure}`) },
      value: { text: figureText(lang, String(r.figure), Number(r.value)) },
    })),
    overviewCsv: `/${lang}/statistics/web/overview.csv?${query(period)}`,
    overviewJson: `/${lang}/statistics/web/overview.json?${query(period)}`,
    sections,
  };
}

function csvValue(value: unknown): string {
  let text = String(value ?? '');
  // A spreadsheet would run a cell that starts like a formula; referrer hosts and paths come from outside.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(section: SectionData): string {
  const lines = [section.columns.map((c) => csvValue(c.label)).join(',')];
  for (const row of section.rows) lines.push(section.columns.map((c) => csvValue(row[c.key])).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, file: string) {
  const match = /^([a-z-]+)\.(csv|json)$/.exec(file);
  const id = match?.[1] ?? '';
  if (!match || !isSectionId(id)) return sendProblem(reply, 404, 'Not Found');
  const { config, clock } = request.server.platform;
  const { period, problems } = parsePeriod(
    request.query as Record<string, unknown>,
    clock.now(),
    config.timeZone,
  );
  if (problems.length > 0)
    return sendProblem(reply, 400, 'Bad Request', problems.join(', '), { parameter: problems[0] });
  const section = await buildSection(request.server.platform.database.db, period, request.lang, id);
  const name = `web-${id}-${period.from}-${period.to}`;
  reply.header('cache-control', 'public, max-age=60');
  if (match[2] === 'csv')
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(toCsv(section));
  return reply.type('application/json; charset=utf-8').send({
    section: id,
    period: { ...period, timeZone: config.timeZone, note: 'from included, to not included' },
    columns: section.columns.map((c) => c.key),
    rows: section.rows,
  });
}

const ERROR_FIELD: Record<PeriodProblem, string> = {
  fromInvalid: 'from',
  toInvalid: 'to',
  order: 'from',
  tooLong: 'from',
};

/** The web section of the statistics: /:lang/statistics/web with its CSV and JSON files. */
export function webRoutes(app: FastifyInstance): void {
  app.get(
    '/:lang/statistics/web',
    { schema: { hide: true, params: LangParams, querystring: PeriodQuery } },
    async (request, reply) => {
      const { config, clock } = app.platform;
      const raw = request.query as { from?: string; to?: string };
      const { period, problems } = parsePeriod(raw, clock.now(), config.timeZone);
      const t = translator(request.lang) as (key: string) => string;
      if (problems.length > 0) {
        const errors = problems.map((p) => ({ text: t(`analytics.error.${p}`), href: `#${ERROR_FIELD[p]}` }));
        return reply.code(400).page('analytics/views/web.njk', { errors, form: raw, invalid: true });
      }
      const data = await pageData(request, period);
      return reply.page('analytics/views/web.njk', { ...data, period, form: period });
    },
  );

  app.get(
    '/:lang/statistics/web/:file',
    { schema: { hide: true, params: FileParams, querystring: PeriodQuery } },
    async (request, reply) => sendFile(request, reply, (request.params as { file: string }).file),
  );
}
