import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { agenciesWithRole, requireRole, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage, sendProblem } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { appendAudit } from '../audit/index.ts';
import {
  DatasetError,
  type DatasetProblem,
  datasetHead,
  datasetsOfAgency,
  readDataset,
  replaceDataset,
} from '../services/index.ts';
import { tr } from './messages.ts';

const NameParams = Type.Intersect([
  LangParams,
  Type.Object({ name: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }) }),
]);

/** Validates, loads and swaps in a dataset the viewer administers; audited. */
export async function uploadDataset(request: FastifyRequest, name: string, csv: string) {
  const { db } = request.server.platform.database;
  const viewer = request.viewer as Viewer;
  const head = await datasetHead(db, name);
  if (!head || !agenciesWithRole(viewer, ['agency_admin']).includes(head.agencyCode))
    return { kind: 'missing' } as const;
  let records: Record<string, string>[];
  try {
    records = readDataset(csv, head.keyColumns);
  } catch (error) {
    if (error instanceof DatasetError) return { kind: 'invalid', problems: error.problems } as const;
    throw error;
  }
  const at = request.server.platform.clock.now();
  const version = await replaceDataset(
    db,
    { name, agencyCode: head.agencyCode, keyColumns: head.keyColumns, records },
    at,
  );
  await appendAudit(
    db,
    {
      action: 'dataset.replace',
      actorAccountId: viewer.accountId,
      actorRole: 'agency_admin',
      actorAgency: head.agencyCode,
      subjectType: 'dataset',
      subjectId: name,
      details: { version, rows: records.length },
    },
    at,
  );
  return { kind: 'loaded', version, rows: records.length } as const;
}

function problemText(p: DatasetProblem): string {
  return `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;
}

async function listPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
  const { db } = request.server.platform.database;
  const agencies = agenciesWithRole(request.viewer, ['agency_admin']);
  const sets = (await Promise.all(agencies.map((a) => datasetsOfAgency(db, a)))).flat();
  return reply.page('backoffice/views/datasets.njk', {
    datasets: sets.map((d) => ({
      name: d.name,
      version: d.activeVersion,
      rows: d.rowCount,
      columns: d.columns.join(', '),
      keys: d.keyColumns.join(' + '),
    })),
    ...extra,
  });
}

/** Registry datasets: the agency admin's page (paste CSV) and the API (PUT text/csv). */
export function registerDatasetRoutes(app: FastifyInstance): void {
  app.addContentTypeParser(
    ['text/csv'],
    { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  const guard = { preHandler: requireRole('agency_admin') };

  app.get(
    '/:lang/backoffice/datasets',
    { ...guard, schema: { hide: true, params: LangParams } },
    (request, reply) => listPage(request, reply),
  );

  app.post(
    '/:lang/backoffice/datasets/:name',
    { ...guard, schema: { hide: true, params: NameParams } },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const t = tr(request.lang as Language);
      const csv = (request.body as Record<string, unknown> | undefined)?.csv;
      const outcome = await uploadDataset(request, name, typeof csv === 'string' ? csv : '');
      if (outcome.kind === 'missing') return sendErrorPage(request, reply, 'notFound');
      if (outcome.kind === 'invalid')
        return listPage(request, reply.code(400), {
          errorList: outcome.problems.map((p) => ({ text: problemText(p), href: `#csv-${name}` })),
          failed: name,
        });
      return listPage(request, reply, {
        loaded: t('backoffice.datasets.loaded', { name, rows: outcome.rows, version: outcome.version }),
      });
    },
  );

  app.put(
    '/api/v1/datasets/:name',
    {
      ...guard,
      schema: {
        tags: ['services'],
        summary: 'Replace a registry dataset with a CSV file (agency admin session and x-csrf-token header)',
        params: Type.Object({ name: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }) }),
        body: Type.String({ maxLength: 8 * 1024 * 1024 }),
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const outcome = await uploadDataset(request, name, request.body as string);
      if (outcome.kind === 'missing') return sendProblem(reply, 404, 'no such dataset');
      if (outcome.kind === 'invalid')
        return sendProblem(reply, 400, 'dataset rejected', undefined, { problems: outcome.problems });
      return { version: outcome.version, rows: outcome.rows };
    },
  );
}
