import type { FastifyInstance } from 'fastify';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { CatalogueFile, ServiceEntry } from './catalogue.model.ts';
import type { Catalogue } from './catalogue.service.ts';
import { messages } from './view-helpers.ts';

/** A dataset on the /open-data page; other modules (statistics) add theirs with registerOpenDataSet. */
export interface OpenDataSet {
  id: string;
  /** Message keys of the title and description. */
  title: string;
  description: string;
  formats: { label: string; href: string }[];
}

const openDataSets: OpenDataSet[] = [
  {
    id: 'catalogue',
    title: 'catalogue.openData.catalogue.title',
    description: 'catalogue.openData.catalogue.description',
    formats: [
      { label: 'JSON', href: '/open-data/catalogue.json' },
      { label: 'CSV', href: '/open-data/catalogue.csv' },
    ],
  },
];

export function registerOpenDataSet(set: OpenDataSet): void {
  if (!openDataSets.some((s) => s.id === set.id)) openDataSets.push(set);
}

const CSV_COLUMNS = [
  'code',
  'agency',
  'agency_name_az',
  'agency_name_en',
  'agency_name_ru',
  'kind',
  'auth_level',
  'name_az',
  'name_en',
  'name_ru',
  'summary_az',
  'summary_en',
  'summary_ru',
  'categories',
  'audience',
  'channels',
  'fee',
  'currency',
  'processing_days',
  'version',
] as const;

function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  // Quote every text cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return typeof value === 'number' ? text : `"${safe.replace(/"/g, '""')}"`;
}

function csvRow(s: ServiceEntry, agencyNames: Map<string, Record<Language, string>>): string {
  const agency = agencyNames.get(s.agency);
  return [
    s.code,
    s.agency,
    agency?.az,
    agency?.en,
    agency?.ru,
    s.kind,
    s.authLevel,
    s.name.az,
    s.name.en,
    s.name.ru,
    s.summary?.az,
    s.summary?.en,
    s.summary?.ru,
    s.categories.join(';'),
    s.audience?.join(';'),
    s.channels?.join(';'),
    s.fee,
    s.currency,
    s.processingDays,
    s.version,
  ]
    .map(csvCell)
    .join(',');
}

export function catalogueCsv(file: CatalogueFile): string {
  const names = new Map((file.agencies ?? []).map((a) => [a.code, a.name]));
  const rows = (file.services ?? []).map((s) => csvRow(s, names));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

const OPEN_DATA_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' };

export function registerOpenData(app: FastifyInstance, catalogue: Catalogue): void {
  const index = async (lang: Language) => {
    const t = messages(lang);
    return {
      datasets: openDataSets.map((s) => ({ ...s, title: t(s.title), description: t(s.description) })),
    };
  };
  app.get('/open-data', { schema: { hide: true } }, async (request, reply) =>
    reply.page('catalogue/views/open-data.njk', await index(request.lang)),
  );
  app.get('/:lang/open-data', { schema: { hide: true, params: LangParams } }, async (request, reply) =>
    reply.page('catalogue/views/open-data.njk', await index(request.lang)),
  );

  app.get(
    '/open-data/catalogue.json',
    {
      schema: {
        tags: ['open data'],
        summary: 'The whole published catalogue (categories, agencies, services) in the import format',
        description: 'The format is described in docs/catalogue-format.md; `egov catalogue import` reads it.',
      },
    },
    async (_request, reply) => {
      const json = await catalogue.cached('open-data.json', async () =>
        JSON.stringify({ ...(await catalogue.openData()), licence: 'CC BY 4.0' }),
      );
      return reply.headers(OPEN_DATA_HEADERS).type('application/json; charset=utf-8').send(json);
    },
  );

  app.get(
    '/open-data/catalogue.csv',
    { schema: { tags: ['open data'], summary: 'The published services as CSV, one row per service' } },
    async (_request, reply) => {
      const csv = await catalogue.cached('open-data.csv', async () =>
        catalogueCsv(await catalogue.openData()),
      );
      return reply
        .headers({ ...OPEN_DATA_HEADERS, 'content-disposition': 'inline; filename="catalogue.csv"' })
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
}
