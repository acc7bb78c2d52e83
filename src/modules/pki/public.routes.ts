import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { LangParams } from '../../platform/http/schemas.ts';
import type { PkiContext } from './context.ts';
import { currentCrl, rootCrl } from './crl.service.ts';
import { certificatePem, crlPem } from './crl.ts';
import { normaliseSerial } from './issue.ts';
import { errorResponse, OCSP_ERRORS } from './ocsp.ts';
import { findCertificate } from './pki.repository.ts';
import { POLICY_OIDS, SUBJECT_TYPES, VALIDITY_DAYS } from './profiles.ts';

const FileParams = Type.Object({ file: Type.String({ maxLength: 40 }) });
const LookupQuery = Type.Object({ serial: Type.Optional(Type.String({ maxLength: 200 })) });
const OCSP_TYPE = 'application/ocsp-response';

function unavailable(reply: FastifyReply) {
  return reply
    .code(503)
    .header('retry-after', '30')
    .type('text/plain; charset=utf-8')
    .send('CA not initialised');
}

/** The repository: CA certificates, CRLs, policies, status lookup, and the OCSP responder. */
export function publicRoutes(app: FastifyInstance, ctx: PkiContext): void {
  const { database, clock } = ctx.platform;
  app.addContentTypeParser(
    ['application/ocsp-request'],
    { parseAs: 'buffer', bodyLimit: 16 * 1024 },
    (_r, body, done) => done(null, body),
  );

  app.get(
    '/:lang/pki',
    { schema: { hide: true, params: LangParams, querystring: LookupQuery } },
    async (request, reply) => {
      const ca = await ctx.ca();
      const raw = (request.query as { serial?: string }).serial;
      let lookup: Record<string, unknown> | undefined;
      if (raw !== undefined) {
        const serial = normaliseSerial(raw);
        const row = serial ? await findCertificate(database.db, serial) : undefined;
        const now = clock.now();
        const state = !row ? 'unknown' : row.revokedAt ? 'revoked' : row.notAfter < now ? 'expired' : 'good';
        lookup = {
          serial: raw,
          invalid: !serial,
          state,
          row: row && { type: row.subjectType, notAfter: row.notAfter, revokedAt: row.revokedAt },
        };
      }
      return reply.page('pki/views/repository.njk', {
        ca: ca && { root: ca.root, issuing: ca.issuing },
        profiles: SUBJECT_TYPES.map((type) => ({ type, oid: POLICY_OIDS[type], days: VALIDITY_DAYS[type] })),
        lookup,
        publicUrl: ctx.platform.config.publicUrl,
      });
    },
  );

  app.get('/pki/ca/:file', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    const ca = await ctx.ca();
    if (!ca) return unavailable(reply);
    const file = (request.params as { file: string }).file;
    const pems: Record<string, string> = {
      'root.pem': certificatePem(ca.root.rawData),
      'issuing.pem': certificatePem(ca.issuing.rawData),
      'chain.pem': certificatePem(ca.issuing.rawData) + certificatePem(ca.root.rawData),
      'ocsp.pem': certificatePem(ca.ocsp.rawData),
    };
    if (file === 'root.crt' || file === 'issuing.crt')
      return reply
        .type('application/pkix-cert')
        .send(Buffer.from((file === 'root.crt' ? ca.root : ca.issuing).rawData));
    const pem = pems[file];
    if (!pem) return reply.callNotFound();
    return reply.type('application/x-pem-file').send(pem);
  });

  app.get('/pki/crl/:file', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    const ca = await ctx.ca();
    if (!ca) return unavailable(reply);
    const file = (request.params as { file: string }).file;
    const match = /^(root|issuing)\.(crl|pem)$/.exec(file);
    if (!match) return reply.callNotFound();
    const der =
      match[1] === 'root' ? await rootCrl(ca, clock.now()) : await currentCrl(database.db, ca, clock.now());
    reply.header('cache-control', 'public, max-age=300');
    if (match[2] === 'pem') return reply.type('application/x-pem-file').send(crlPem(der));
    return reply.type('application/pkix-crl').send(Buffer.from(der));
  });

  const answer = async (reply: FastifyReply, der: Uint8Array | undefined) => {
    const responder = await ctx.responder();
    reply.type(OCSP_TYPE);
    if (!responder) return reply.send(Buffer.from(errorResponse(OCSP_ERRORS.internalError)));
    if (!der || der.length === 0) return reply.send(Buffer.from(errorResponse(OCSP_ERRORS.malformedRequest)));
    return reply.send(Buffer.from(await responder.respond(der)));
  };

  app.post('/pki/ocsp', { schema: { hide: true }, config: { csrf: false } }, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    return answer(reply, body && new Uint8Array(body));
  });

  // RFC 6960 A.1: GET carries the base64 DER request, URL-encoded, as the last path segment.
  app.get('/pki/ocsp/*', { schema: { hide: true } }, async (request, reply) => {
    const raw = (request.params as { '*': string })['*'];
    let der: Uint8Array | undefined;
    try {
      const base64 = decodeURIComponent(raw);
      der = /^[A-Za-z0-9+/=_-]+$/.test(base64) ? new Uint8Array(Buffer.from(base64, 'base64')) : undefined;
    } catch {
      der = undefined;
    }
    return answer(reply, der);
  });
}
