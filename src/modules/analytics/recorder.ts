import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sharedPseudonymizer } from '../../platform/secret.ts';
import type { PageScript } from '../../platform/views/views.ts';
import { deviceClass, exclusionReason, pageFromRoute, referrerHost } from './classify.ts';
import type { ExcludedRow, LinkRow, PageviewRow } from './pageviews.repository.ts';
import { localDate } from './period.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Page type for the web statistics when the route's path does not say it (see classify.ts SECTIONS). */
    pageType?: string;
  }
}

export const VISITOR_COOKIE = 'vid';
const VID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const YEAR_SECONDS = 365 * 24 * 3600;
const NOT_PAGES = /^\/(api|open-data|assets|healthz|readyz)(\/|$|\?)/;
export const ENGAGEMENT_SCRIPT = '/assets/analytics/engagement.js';

export interface RecorderOptions {
  secret: string;
  now: () => Date;
  timeZone: string;
  ownHosts: string[];
  secureCookies: boolean;
  pageviews: { push(row: PageviewRow): void };
  excluded: { push(row: ExcludedRow): void };
  links: { push(row: LinkRow): void };
}

/** What was decided as the page was rendered and is written in onResponse, once it has really gone out. */
type Pending = { kind: 'pageview'; row: PageviewRow } | { kind: 'excluded'; row: ExcludedRow };

declare module 'fastify' {
  interface FastifyRequest {
    /** The pageview (or exclusion) decided as the page was rendered, written once the response is out. */
    pageviewRecord: Pending | null;
  }
}

// A link is written once per browser and account, not on every page; bounded, forgets when full.
const recentLinks = new Set<string>();

// Keyed hashes of recent ids are kept (bounded; forgets all when full, a miss costs one HMAC): a browser
// sends the same cookie on every page.
const KEYS_KEPT = 100_000;

export function visitorKeyOfCookie(secret: string, vid: string): string {
  return sharedPseudonymizer(secret, 'analytics.vid', KEYS_KEPT)(vid);
}

/** 22 base64url characters (122 random bits): randomUUID draws from a buffered pool, randomBytes does not. */
function newVisitorId(): string {
  return Buffer.from(crypto.randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}

/**
 * Signs the time of a pageview for the visitor who made it; the engagement beacon sends it back. The
 * visitor's own signing key (an HMAC of the visitor key, kept for recent visitors) signs the time with one
 * SHA-256 (key || time): a second HMAC on every page was a tenth of the cost of recording it. A secret
 * prefix would let a length extension append to the message, but no extension is a valid time.
 */
export function engagementToken(secret: string, visitorKey: string, at: Date): string {
  const ms = at.getTime().toString(36);
  const visitorSecret = sharedPseudonymizer(secret, 'analytics.engage', KEYS_KEPT)(visitorKey);
  return `${ms}.${crypto.hash('sha256', `${visitorSecret}|${ms}`, 'base64url').slice(0, 22)}`;
}

function optedOut(request: FastifyRequest): boolean {
  return request.headers.dnt === '1' || request.headers['sec-gpc'] === '1';
}

function isPage(request: FastifyRequest, reply: FastifyReply): boolean {
  return request.method === 'GET' && reply.statusCode === 200 && !NOT_PAGES.test(request.url);
}

/** The visitor key of this view: the account's pseudonym, the cookie's keyed hash, or null (opted out). */
function visitorKey(request: FastifyRequest, reply: FastifyReply, options: RecorderOptions): string | null {
  const cookie = request.cookies[VISITOR_COOKIE];
  const vid = cookie && VID_PATTERN.test(cookie) ? cookie : undefined;
  if (optedOut(request)) {
    if (cookie !== undefined) reply.clearCookie(VISITOR_COOKIE, { path: '/' });
    return null;
  }
  const viewer = request.viewer;
  if (viewer?.pseudonym) {
    if (vid) {
      const key = visitorKeyOfCookie(options.secret, vid);
      if (!recentLinks.has(key)) {
        if (recentLinks.size >= 50_000) recentLinks.clear();
        recentLinks.add(key);
        options.links.push({ visitorKey: key, userKey: viewer.pseudonym, linkedAt: options.now() });
      }
    }
    return viewer.pseudonym;
  }
  if (vid) return visitorKeyOfCookie(options.secret, vid);
  // No cookie, or a forged or oversized one: a new random id replaces it.
  const fresh = newVisitorId();
  reply.setCookie(VISITOR_COOKIE, fresh, {
    maxAge: YEAR_SECONDS,
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookies,
    signed: false,
  });
  return visitorKeyOfCookie(options.secret, fresh);
}

function pageviewRow(
  request: FastifyRequest,
  key: string | null,
  at: Date,
  options: RecorderOptions,
): PageviewRow {
  const page = pageFromRoute(
    request.routeOptions.url ?? request.url,
    (request.params ?? {}) as Record<string, unknown>,
    request.routeOptions.config?.pageType,
  );
  return {
    at,
    visitorKey: key,
    ...page,
    lang: request.lang,
    device: deviceClass(request.headers['user-agent']),
    referrerHost: referrerHost(request.headers.referer, options.ownHosts) ?? null,
    source: 'web',
  };
}

function hasAny(cookies: Record<string, unknown>): boolean {
  for (const _ in cookies) return true;
  return false;
}

/** What a page that is recorded decides as it is rendered: the view, and the beacon script to add. */
function recordPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: RecorderOptions,
): PageScript | undefined {
  if (!isPage(request, reply) || request.pageviewRecord) return undefined;
  const at = options.now();
  const reason = exclusionReason({
    userAgent: request.headers['user-agent'],
    headers: request.headers,
    hasCookies: hasAny(request.cookies),
  });
  if (reason) {
    request.pageviewRecord = {
      kind: 'excluded',
      row: { localDate: localDate(at, options.timeZone), reason },
    };
    return undefined;
  }
  const key = visitorKey(request, reply, options);
  request.pageviewRecord = { kind: 'pageview', row: pageviewRow(request, key, at, options) };
  // The page stays whole without the script; the CSP allows same-origin scripts.
  return key
    ? { src: ENGAGEMENT_SCRIPT, data: { pageview: engagementToken(options.secret, key, at) } }
    : undefined;
}

/**
 * Records every page the server renders (`reply.page`): decided as the page is rendered (the visitor
 * cookie can still be set, and the beacon's script goes in with the page), written to the buffer in
 * onResponse once the page has gone out with status 200. Must be registered before the modules whose
 * pages it records.
 */
export function registerRecorder(app: FastifyInstance, options: RecorderOptions): void {
  // A request property rather than a WeakMap keyed by requests: weak maps cost the collector on every
  // page.
  app.decorateRequest('pageviewRecord', null);
  app.pageScripts.push((request, reply) => recordPage(request, reply, options));

  // A callback hook, not an async one: it runs for every response, and a promise each is work for nothing.
  app.addHook('onResponse', (request, reply, done) => {
    const record = request.pageviewRecord;
    if (record && reply.statusCode === 200) {
      if (record.kind === 'pageview') options.pageviews.push(record.row);
      else options.excluded.push(record.row);
    }
    done();
  });
}
