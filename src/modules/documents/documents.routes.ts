import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { agenciesWithRole, requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, type Language } from '../../platform/i18n/i18n.ts';
import { documentByCode } from '../signatures/index.ts';
import {
  type DocumentIssue,
  issueByCode,
  issuesOfApplication,
  issuesOfPerson,
  normaliseCode,
} from './documents.repository.ts';
import { groupedCode } from './issue.ts';

const CodeParams = Type.Intersect([LangParams, Type.Object({ code: Type.String({ maxLength: 40 }) })]);

/** The owner and the officers (and admins) of the issuing agency; anyone else reads it as missing. */
function mayFetch(viewer: Viewer | undefined, issue: DocumentIssue): boolean {
  if (!viewer) return false;
  if (viewer.personId === issue.personId) return true;
  return agenciesWithRole(viewer, ['agency_officer', 'agency_admin']).includes(issue.agencyCode);
}

/** Rows for the lists on "My documents" and under an application (owner's and officer's pages). */
export function issuedList(request: FastifyRequest, issues: DocumentIssue[]) {
  const lang = request.lang as Language;
  const zone = request.server.platform.config.timeZone;
  return issues.map((d) => ({
    title: d.title,
    href: `/${lang}/documents/${groupedCode(d.verificationCode)}`,
    code: groupedCode(d.verificationCode),
    issued: formatDate(lang, d.issuedAt, zone, { dateStyle: 'medium', timeStyle: 'short' }),
  }));
}

export async function documentsOfApplicationList(request: FastifyRequest, applicationId: string) {
  return issuedList(request, await issuesOfApplication(request.server.platform.database.db, applicationId));
}

/** "My documents" and the download of one document (PDF, as signed). */
export function registerDocumentRoutes(app: FastifyInstance): void {
  const { db } = app.platform.database;
  const guard = { preHandler: requireLogin('substantial') };

  app.get(
    '/:lang/account/documents',
    { ...guard, schema: { hide: true, params: LangParams } },
    async (request, reply) => {
      const issues = await issuesOfPerson(db, (request.viewer as Viewer).personId);
      return reply.page('documents/views/my-documents.njk', { documents: issuedList(request, issues) });
    },
  );

  app.get(
    '/:lang/account/documents/:code',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const code = normaliseCode((request.params as { code: string }).code);
      const issue = code ? await issueByCode(db, code) : undefined;
      // Only the owner lands here (officers fetch from the application page).
      if (!issue || issue.personId !== (request.viewer as Viewer).personId)
        return sendErrorPage(request, reply, 'notFound');
      const [document] = issuedList(request, [issue]);
      return reply.page('documents/views/issued.njk', {
        document,
        verifyUrl: `${app.platform.config.publicUrl.replace(/\/$/, '')}/verify`,
      });
    },
  );

  app.get(
    '/:lang/documents/:code',
    { ...guard, schema: { hide: true, params: CodeParams } },
    async (request, reply) => {
      const code = normaliseCode((request.params as { code: string }).code);
      const issue = code ? await issueByCode(db, code) : undefined;
      if (!issue || !mayFetch(request.viewer, issue)) return sendErrorPage(request, reply, 'notFound');
      const document = await documentByCode(db, issue.verificationCode);
      if (!document) return sendErrorPage(request, reply, 'notFound');
      return reply
        .header('content-type', document.contentType)
        .header('content-disposition', `attachment; filename="${groupedCode(issue.verificationCode)}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(document.content));
    },
  );
}
