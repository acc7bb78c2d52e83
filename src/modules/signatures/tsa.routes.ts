import type { FastifyInstance } from 'fastify';
import { tsaOf } from './material.ts';
import { rejection, respond } from './tsa.ts';

/** RFC 3161 over HTTP (section 3.4): POST application/timestamp-query, answer application/timestamp-reply. */
export function tsaRoutes(app: FastifyInstance): void {
  app.addContentTypeParser(
    ['application/timestamp-query'],
    { parseAs: 'buffer', bodyLimit: 16 * 1024 },
    (_r, body, done) => done(null, body),
  );
  // No session and no cookies: a protocol endpoint authenticated by nothing, like OCSP.
  app.post('/pki/tsa', { schema: { hide: true }, config: { csrf: false } }, async (request, reply) => {
    reply.type('application/timestamp-reply');
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined;
    const answer = body?.length ? await respond(request.server.platform, body) : rejection('badDataFormat');
    return reply.send(Buffer.from(answer));
  });

  // The TSA certificate, for `openssl ts -verify -untrusted` and relying parties' own checks.
  app.get('/pki/tsa/certificate.pem', { schema: { hide: true } }, async (request, reply) => {
    const tsa = await tsaOf(request.server.platform);
    if (!tsa) return reply.code(503).type('text/plain; charset=utf-8').send('CA not initialised');
    const base64 = Buffer.from(tsa.certificate.der).toString('base64').replace(/.{64}/g, '$&\n');
    return reply
      .type('application/x-pem-file')
      .send(`-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`);
  });
}
