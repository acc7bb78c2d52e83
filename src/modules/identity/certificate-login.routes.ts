import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LangParams, safeLocalPath } from '../../platform/http/schemas.ts';
import {
  type CertificateDirectory,
  issueChallenge,
  loginWithCertificate,
} from './certificate-login.service.ts';
import type { IdentityContext } from './context.ts';
import { clientOf, errorView, type FormOf } from './http.ts';
import { revokeSession } from './sessions.repository.ts';
import { CHALLENGE_COOKIE, cookieOptions, SESSION_COOKIE } from './viewer.ts';

const PageQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  level: Type.Optional(Type.String({ maxLength: 20 })),
});
const AnswerBody = Type.Object({
  nonce: Type.Optional(Type.String({ maxLength: 100 })),
  attempts: Type.Optional(Type.String({ maxLength: 40_000 })),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 2000 })),
});

const STATUS: Record<string, number> = { throttled: 429, malformed: 400 };

/**
 * Login (or step-up) with the e-signature key the browser keeps: the script asks for a challenge, signs it and
 * posts the answer as an ordinary form, so the result is an ordinary page.
 */
export function certificateLoginRoutes(
  app: FastifyInstance,
  context: IdentityContext,
  directory: CertificateDirectory,
): void {
  const template = 'identity/views/certificate-login.njk';
  const origin = new URL(context.config.publicUrl).origin;
  const view = (request: FastifyRequest, next: string) => ({
    next,
    stepUp: request.viewer !== undefined,
    passcodeLogin: `/${request.lang}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  });

  app.get(
    '/:lang/login/certificate',
    { schema: { hide: true, params: LangParams, querystring: PageQuery } },
    async (request, reply) => {
      const next = safeLocalPath((request.query as { next?: string }).next, '');
      if (request.viewer?.level === 'high') return reply.redirect(next || `/${request.lang}/account`, 303);
      return reply.header('cache-control', 'no-store').page(template, view(request, next));
    },
  );

  app.post(
    '/:lang/login/certificate/challenge',
    {
      schema: { hide: true, params: LangParams },
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      if (context.loginThrottle.blocked(request.ip))
        return reply.code(429).send({ title: 'too many failed attempts', status: 429 });
      return reply.header('cache-control', 'no-store').send(await issueChallenge(context, origin));
    },
  );

  app.post(
    '/:lang/login/certificate',
    { schema: { hide: true, params: LangParams, body: AnswerBody } },
    async (request, reply) => {
      const body = request.body as FormOf<'nonce' | 'attempts' | 'next'>;
      const next = safeLocalPath(body.next, '');
      const result = await loginWithCertificate(
        context,
        directory,
        { nonce: body.nonce, attempts: body.attempts, origin, viewer: request.viewer },
        clientOf(request),
      );
      if (result.kind === 'failed') {
        const errors = errorView(request, [
          { field: 'certificate-login', key: `identity.certificate.error.${result.reason}` },
        ]);
        return reply
          .code(STATUS[result.reason] ?? 401)
          .header('cache-control', 'no-store')
          .page(template, { ...view(request, next), ...errors });
      }
      if (result.kind === 'session') {
        // Another person's session in this browser ends: one browser, one session.
        const viewer = request.viewer;
        if (viewer) await revokeSession(context.db, viewer.accountId, viewer.sessionId, context.clock.now());
        const options = cookieOptions(context.config.publicUrl);
        reply.clearCookie(CHALLENGE_COOKIE, options);
        reply.setCookie(SESSION_COOKIE, result.token, options);
      }
      return reply.redirect(next || `/${request.lang}/account`, 303);
    },
  );
}
