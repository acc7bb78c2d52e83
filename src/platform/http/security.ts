import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { registerSecurityHeaders } from './headers.ts';

export interface SecurityOptions {
  secret: string;
  secureCookies: boolean;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false only for routes authenticated otherwise (API tokens, HMAC-signed webhooks). */
    csrf?: boolean;
  }
}

/** Cookies, security headers with CSP, CSRF and rate limiting: defaults that every later route inherits. */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(fastifyCookie, {
    secret: options.secret,
    parseOptions: { httpOnly: true, secure: options.secureCookies, sameSite: 'lax', path: '/' },
  });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  registerSecurityHeaders(app, { https: options.secureCookies });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, signed: true },
  });
  await app.register(fastifyRateLimit, { global: false });
}

/**
 * Every state-changing route checks the CSRF token unless it opts out explicitly,
 * so a new form cannot forget it.
 */
export function enforceCsrf(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => STATE_CHANGING.has(m))) return;
    if (route.config?.csrf === false) return;
    const existing = route.preHandler ? [route.preHandler].flat() : [];
    route.preHandler = [
      (request, reply, done) => app.csrfProtection(request, reply, done),
      ...existing,
    ] as RouteOptions['preHandler'];
  });
}
