import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { applicationOfPerson } from './applications.service.ts';
import { applicationFile } from './uploads.ts';

const FileParams = Type.Intersect([
  LangParams,
  Type.Object({ id: Type.String({ maxLength: 40 }), fileId: Type.String({ maxLength: 40 }) }),
]);

/**
 * Sends a stored upload as an attachment only: the detected type, nosniff and a sandboxing CSP, so that even a
 * browser asked to show it inline runs nothing from it.
 */
export function sendFile(
  reply: FastifyReply,
  file: { name: string; contentType: string; content: Uint8Array },
) {
  const ascii = file.name.replace(/[^A-Za-z0-9._ -]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.content));
}

export { applicationFile };

/** The owner's download of a file of their application (a draft's too); anyone else gets 404. */
export function registerFileRoutes(app: FastifyInstance): void {
  app.get(
    '/:lang/account/applications/:id/files/:fileId',
    { preHandler: requireLogin('substantial'), schema: { hide: true, params: FileParams } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { id, fileId } = request.params as { id: string; fileId: string };
      const { db } = app.platform.database;
      const row = await applicationOfPerson(db, (request.viewer as Viewer).personId, id);
      const file = row ? await applicationFile(db, row.id, fileId) : undefined;
      if (!file) return sendErrorPage(request, reply, 'notFound');
      return sendFile(reply, file);
    },
  );
}
