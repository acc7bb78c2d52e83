import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LangParams, safeLocalPath } from '../../platform/http/schemas.ts';
import type { IdentityContext } from './context.ts';
import { DEMO_PASSCODE, DEMO_STAFF } from './demo/demo-accounts.ts';
import { clientOf, errorView, type FieldError, type FormOf, formBody } from './http.ts';
import {
  completeSecondFactor,
  loginWithPasscode,
  logout,
  type SecondFactorState,
  secondFactorState,
} from './login.service.ts';
import { findPersonById } from './register.ts';
import { revokeSession } from './sessions.repository.ts';
import { otpauthUri, totpCode } from './totp.ts';
import { CHALLENGE_COOKIE, cookieOptions, SESSION_COOKIE } from './viewer.ts';

const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  level: Type.Optional(Type.String({ maxLength: 20 })),
});
const LoginBody = formBody('fin', 'passcode', 'next');
const CodeBody = formBody('code');

/** Demo only: the current codes of the demo staff, so a visitor can try the staff pages without an app. */
function demoCodes(context: IdentityContext) {
  if (!context.config.demoData) return undefined;
  const now = context.clock.now();
  return DEMO_STAFF.map((s) => ({
    fin: s.fin,
    role: s.role,
    agency: s.agencyCode,
    code: totpCode(s.totpSecret, now),
  }));
}

function startSession(context: IdentityContext, reply: FastifyReply, token: string) {
  const options = cookieOptions(context.config.publicUrl);
  reply.clearCookie(CHALLENGE_COOKIE, options);
  reply.setCookie(SESSION_COOKIE, token, options);
}

/** A login replaces whatever session the browser had (no fixation, no two sessions in one browser). */
async function dropPreviousSession(context: IdentityContext, request: FastifyRequest): Promise<void> {
  const viewer = request.viewer;
  if (viewer) await revokeSession(context.db, viewer.accountId, viewer.sessionId, context.clock.now());
}

export function loginRoutes(app: FastifyInstance, context: IdentityContext): void {
  const template = 'identity/views/login.njk';
  const page = (request: FastifyRequest, data: Record<string, unknown> = {}) => ({
    demoCodes: demoCodes(context),
    demoPasscode: DEMO_PASSCODE,
    stepUp: (request.query as { level?: string }).level === 'high' || request.viewer !== undefined,
    ...data,
  });

  app.get(
    '/:lang/login',
    { schema: { hide: true, params: LangParams, querystring: LoginQuery } },
    async (request, reply) => {
      const { next, level } = request.query as { next?: string; level?: string };
      const viewer = request.viewer;
      if (viewer && level !== 'high')
        return reply.redirect(safeLocalPath(next, `/${request.lang}/account`), 303);
      return reply.page(template, page(request, { next: safeLocalPath(next, ''), values: {} }));
    },
  );

  app.post(
    '/:lang/login',
    { schema: { hide: true, params: LangParams, body: LoginBody } },
    async (request, reply) => {
      const body = request.body as FormOf<'fin' | 'passcode' | 'next'>;
      const next = safeLocalPath(body.next, '');
      const values = { fin: (body.fin ?? '').slice(0, 20) };
      const missing: FieldError[] = [];
      if (!body.fin?.trim()) missing.push({ field: 'fin', key: 'identity.login.error.finMissing' });
      if (!body.passcode) missing.push({ field: 'passcode', key: 'identity.login.error.passcodeMissing' });
      if (missing.length)
        return reply
          .code(400)
          .page(template, page(request, { next, values, ...errorView(request, missing) }));
      const result = await loginWithPasscode(
        context,
        { fin: body.fin, passcode: body.passcode, next: next || null },
        clientOf(request),
      );
      if (result.kind === 'failed' || result.kind === 'throttled') {
        const key =
          result.kind === 'failed' ? 'identity.login.error.failed' : 'identity.login.error.throttled';
        const errors = errorView(request, [{ field: 'fin', key }]);
        return reply
          .code(result.kind === 'failed' ? 401 : 429)
          .page(template, page(request, { next, values, ...errors }));
      }
      await dropPreviousSession(context, request);
      if (result.kind === 'secondFactor') {
        reply.setCookie(CHALLENGE_COOKIE, result.challengeToken, {
          ...cookieOptions(context.config.publicUrl),
          maxAge: 300,
        });
        return reply.redirect(`/${request.lang}/login/second-factor`, 303);
      }
      startSession(context, reply, result.token);
      return reply.redirect(next || `/${request.lang}/account`, 303);
    },
  );

  secondFactorRoutes(app, context);

  app.post(
    '/:lang/logout',
    { schema: { hide: true, params: LangParams, body: formBody() } },
    async (request, reply) => {
      if (request.viewer) await logout(context, request.viewer);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(context.config.publicUrl));
      return reply.redirect(`/${request.lang}/logged-out`, 303);
    },
  );

  app.get('/:lang/logged-out', { schema: { hide: true, params: LangParams } }, async (_request, reply) =>
    reply.page('identity/views/logged-out.njk'),
  );
}

function secondFactorRoutes(app: FastifyInstance, context: IdentityContext): void {
  const template = 'identity/views/second-factor.njk';
  // The authenticator app labels the entry with the FIN, which only the account holder sees here.
  const enrolment = async (state: SecondFactorState | undefined) => {
    if (!state?.enrolSecret) return undefined;
    const label = (await findPersonById(context.db, state.account.personId))?.fin ?? 'staff';
    return {
      secret: state.enrolSecret.replace(/(.{4})/g, '$1 ').trim(),
      uri: otpauthUri(state.enrolSecret, label, 'e-gov portal'),
    };
  };

  app.get(
    '/:lang/login/second-factor',
    { schema: { hide: true, params: LangParams } },
    async (request, reply) => {
      const state = await secondFactorState(context, request.cookies[CHALLENGE_COOKIE]);
      if (!state) return reply.redirect(`/${request.lang}/login`, 303);
      return reply.header('cache-control', 'no-store').page(template, { enrol: await enrolment(state) });
    },
  );

  app.post(
    '/:lang/login/second-factor',
    { schema: { hide: true, params: LangParams, body: CodeBody } },
    async (request, reply) => {
      const { code } = request.body as FormOf<'code'>;
      const token = request.cookies[CHALLENGE_COOKIE];
      const result = await completeSecondFactor(context, token, code, clientOf(request));
      if (result.kind === 'expired') {
        reply.clearCookie(CHALLENGE_COOKIE, cookieOptions(context.config.publicUrl));
        return reply.redirect(`/${request.lang}/login`, 303);
      }
      if (result.kind !== 'session') {
        const state = await secondFactorState(context, token);
        const errors =
          result.kind === 'throttled'
            ? errorView(request, [{ field: 'code', key: 'identity.login.error.throttled' }])
            : errorView(request, [
                { field: 'code', key: 'identity.totp.error.wrong', values: { left: result.attemptsLeft } },
              ]);
        return reply.code(result.kind === 'throttled' ? 429 : 401).page(template, {
          enrol: await enrolment(state),
          ...errors,
        });
      }
      startSession(context, reply, result.token);
      return reply.redirect(safeLocalPath(result.next, `/${request.lang}/account`), 303);
    },
  );
}
