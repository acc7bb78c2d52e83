import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { sendProblem } from '../../platform/http/errors.ts';
import {
  AgencySchema,
  CategorySchema,
  Problem,
  ServiceSchema,
  ServicesPage,
  ServicesQuery,
} from './api.schema.ts';
import type { ServiceRow } from './catalogue.repository.ts';
import type { Catalogue } from './catalogue.service.ts';
import { parseSearchInput } from './search-input.ts';

const TAGS = ['catalogue'];
const MATCH = { browse: 'all', fulltext: 'words', fuzzy: 'similar' } as const;
const REASONS = {
  tooLong: 'is longer than 200 characters',
  unknown: 'is not a known value',
  invalid: 'is not a valid number in range',
} as const;

function serviceBody(row: ServiceRow) {
  return {
    code: row.code,
    agency: row.agencyCode,
    kind: row.kind,
    authLevel: row.authLevel,
    name: row.name,
    summary: row.summary ?? null,
    description: row.description ?? null,
    categories: row.categories,
    audience: row.audience,
    channels: row.channels,
    fee: Number(row.fee),
    currency: row.currency,
    processingDays: row.processingDays ?? null,
    documents: row.documents ?? null,
    url: row.url ?? null,
    status: row.status,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function badParameter(reply: FastifyReply, parameter: string, reason: string) {
  return sendProblem(reply, 400, 'Invalid parameter', `${parameter} ${reason}`, {
    parameter,
    in: 'querystring',
  });
}

/** The public JSON API of the catalogue (read only, no login). */
export function registerApi(app: FastifyInstance, catalogue: Catalogue): void {
  app.get(
    '/api/v1/categories',
    {
      schema: {
        tags: TAGS,
        summary: 'Categories (life situations) with their number of published services',
        response: { 200: Type.Object({ items: Type.Array(CategorySchema) }) },
      },
    },
    async () => {
      const ref = await catalogue.reference();
      return {
        items: ref.categories.map((c) => ({
          code: c.code,
          name: c.name,
          services: ref.serviceCounts.categories.get(c.code) ?? 0,
        })),
      };
    },
  );

  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags: TAGS,
        summary: 'Agencies (central executive bodies) with contacts and their number of published services',
        response: { 200: Type.Object({ items: Type.Array(AgencySchema) }) },
      },
    },
    async () => {
      const ref = await catalogue.reference();
      return {
        items: ref.agencies.map((a) => ({
          code: a.code,
          name: a.name,
          kind: a.kind,
          website: a.website ?? null,
          contact: a.contact ?? null,
          services: ref.serviceCounts.agencies.get(a.code) ?? 0,
        })),
      };
    },
  );

  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: TAGS,
        summary: 'Search the published services',
        description:
          'Full-text search in Azerbaijani, English and Russian, tolerant of typos, with filters. ' +
          'An unknown filter value or a page out of range answers 400 naming the parameter.',
        querystring: ServicesQuery,
        response: { 200: ServicesPage, 400: Problem },
      },
    },
    async (request, reply) => {
      const ref = await catalogue.reference();
      const raw = request.query as Record<string, unknown>;
      const text = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
      const known = { agencies: ref.agencyByCode, categories: ref.categoryByCode };
      const { query, problems } = parseSearchInput(text, 'en', known);
      const problem = problems[0];
      if (problem) return badParameter(reply, problem.parameter, REASONS[problem.problem]);
      // The answer is cached as text: serialising 20 services costs more than finding them again.
      const body = await catalogue.cached(`api:services:${JSON.stringify(query)}`, async () => {
        const result = await catalogue.search(query);
        const pages = Math.max(1, Math.ceil(result.total / query.limit));
        if (query.page > pages) return { pastTheEnd: pages };
        return {
          json: JSON.stringify({
            total: result.total,
            page: query.page,
            limit: query.limit,
            match: MATCH[result.mode],
            items: result.hits.map(({ agencyCode, agencyName: _name, matchLang: _lang, ...hit }) => ({
              ...hit,
              agency: agencyCode,
            })),
          }),
        };
      });
      if (body.pastTheEnd) return badParameter(reply, 'page', `is past the last page (${body.pastTheEnd})`);
      return reply.type('application/json; charset=utf-8').send(body.json);
    },
  );

  app.get(
    '/api/v1/services/:code',
    {
      schema: {
        tags: TAGS,
        summary: 'One service, with everything the catalogue knows about it',
        params: Type.Object({ code: Type.String({ maxLength: 40, examples: ['MCHT-0001'] }) }),
        response: { 200: ServiceSchema, 404: Problem },
      },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const row = await catalogue.publicService(code);
      if (!row) return sendProblem(reply, 404, 'Not found', `no service with code ${code.slice(0, 40)}`);
      return serviceBody(row);
    },
  );
}
