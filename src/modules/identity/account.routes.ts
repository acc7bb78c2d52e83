import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireLogin, type Viewer } from '../../platform/http/auth.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, type Language, translator } from '../../platform/i18n/i18n.ts';
import {
  accessLog,
  endAllSessions,
  endSession,
  overview,
  securityLog,
  sessionsOf,
  setActingAs,
  setContactPreferences,
} from './account.service.ts';
import type { IdentityContext } from './context.ts';
import { auditDenied } from './denied.ts';
import { type FormOf, formBody } from './http.ts';
import { CHALLENGE_COOKIE, cookieOptions, SESSION_COOKIE } from './viewer.ts';

const SessionParams = Type.Object({
  lang: LangParams.properties.lang,
  id: Type.String({ format: 'uuid' }),
});

// Labels for the audit actions a resident may see; others (from other modules) show a generic label.
const KNOWN_ACTIONS = new Set([
  'identity.login',
  'identity.logout',
  'identity.logout_everywhere',
  'identity.session_revoked',
  'identity.passcode_issued',
  'identity.passcode_reset',
  'identity.passcode_set',
  'identity.sms_code_sent',
  'identity.activation_code_issued',
  'identity.role_granted',
  'identity.role_revoked',
  'data.view',
]);

function actionKey(action: string): string {
  return KNOWN_ACTIONS.has(action) ? `identity.log.${action.replace(/^\w+\./, '')}` : 'identity.log.other';
}

/** Reasons recorded by this module are codes with messages; other modules may record plain text. */
function localisedReason(t: (key: string) => string, reason: string): string {
  const key = `identity.reason.${reason}`;
  const text = t(key);
  return text === key ? reason : text;
}

export function accountRoutes(app: FastifyInstance, context: IdentityContext): void {
  const guard = requireLogin('substantial');
  const when = (lang: Language, at: Date) =>
    formatDate(lang, at, context.config.timeZone, { timeStyle: 'short' });
  const viewerOf = (request: FastifyRequest) => request.viewer as Viewer;
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.get(
    '/:lang/account',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const data = await overview(context, viewerOf(request));
      if (!data) return reply.callNotFound();
      const saved = (request.query as { saved?: string }).saved === '1';
      return noStore(reply).page('identity/views/account.njk', {
        ...data,
        saved,
        roles: viewerOf(request).roles,
      });
    },
  );

  app.post(
    '/:lang/account/contact',
    { schema: { hide: true, params: LangParams, body: formBody('email', 'sms') }, preHandler: guard },
    async (request, reply) => {
      const body = request.body as FormOf<'email' | 'sms'>;
      await setContactPreferences(context, viewerOf(request), {
        email: body.email === 'yes',
        sms: body.sms === 'yes',
      });
      return reply.redirect(`/${request.lang}/account?saved=1#contact`, 303);
    },
  );

  app.post(
    '/:lang/account/acting-as',
    { schema: { hide: true, params: LangParams, body: formBody('organisation') }, preHandler: guard },
    async (request, reply) => {
      const { organisation } = request.body as FormOf<'organisation'>;
      const target = organisation && organisation !== 'self' ? organisation.slice(0, 100) : null;
      if (!(await setActingAs(context, viewerOf(request), target))) {
        await auditDenied(context, request, 'not_represented');
        return reply.callNotFound();
      }
      return reply.redirect(`/${request.lang}/account#acting-as`, 303);
    },
  );

  app.get(
    '/:lang/account/sessions',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const sessions = (await sessionsOf(context, viewer)).map((s) => ({
        id: s.id,
        current: s.id === viewer.sessionId,
        device: s.device,
        started: when(request.lang, s.createdAt),
        lastSeen: when(request.lang, s.lastSeenAt),
        secondFactor: s.secondFactor,
      }));
      return noStore(reply).page('identity/views/account-sessions.njk', { sessions });
    },
  );

  app.post(
    '/:lang/account/sessions/:id/revoke',
    { schema: { hide: true, params: SessionParams, body: formBody() }, preHandler: guard },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await endSession(context, viewerOf(request), id))) {
        await auditDenied(context, request, 'not_owner');
        return reply.callNotFound();
      }
      if (id === viewerOf(request).sessionId) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions(context.config.publicUrl));
        return reply.redirect(`/${request.lang}/logged-out`, 303);
      }
      return reply.redirect(`/${request.lang}/account/sessions`, 303);
    },
  );

  app.post(
    '/:lang/account/sessions/revoke-all',
    { schema: { hide: true, params: LangParams, body: formBody() }, preHandler: guard },
    async (request, reply) => {
      await endAllSessions(context, viewerOf(request));
      const options = cookieOptions(context.config.publicUrl);
      reply.clearCookie(SESSION_COOKIE, options).clearCookie(CHALLENGE_COOKIE, options);
      return reply.redirect(`/${request.lang}/logged-out`, 303);
    },
  );

  app.get(
    '/:lang/account/security',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const entries = (await securityLog(context, viewerOf(request))).map((e) => ({
        when: when(request.lang, e.at),
        action: actionKey(e.action),
        failed: e.outcome !== 'success',
        reason:
          e.outcome !== 'success' ? `identity.log.reason.${String(e.details?.reason ?? 'other')}` : undefined,
      }));
      return noStore(reply).page('identity/views/account-security.njk', { entries });
    },
  );

  app.get(
    '/:lang/account/access',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const t = translator(request.lang) as (key: string) => string;
      const entries = (await accessLog(context, viewerOf(request))).map((e) => ({
        ...e,
        when: when(request.lang, e.at),
        action: actionKey(e.action),
        reason: e.reason && localisedReason(t, e.reason),
      }));
      return noStore(reply).page('identity/views/account-access.njk', { entries });
    },
  );
}
