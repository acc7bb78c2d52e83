import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngagementRow } from './pageviews.repository.ts';
import { VISIT_GAP_MS } from './period.ts';
import { engagementToken, VISITOR_COOKIE, visitorKeyOfCookie } from './recorder.ts';

const MAX_AGE_MS = 24 * 3600 * 1000;
const TOKEN_PATTERN = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/;

export interface EngagementOptions {
  secret: string;
  now: () => Date;
  engagement: { push(row: EngagementRow): void };
  /** Reports per address per minute; more are dropped quietly. */
  perMinute?: number;
}

/** Counts per client address in fixed one-minute windows; kept in memory only, never stored. */
export class FloodGuard {
  private window = 0;
  private counts = new Map<string, number>();
  constructor(private readonly limit: number) {}
  allow(address: string, nowMs: number): boolean {
    const window = Math.floor(nowMs / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.limit && this.counts.size < 100_000;
  }
}

function sameToken(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Which of the request's visitor keys signed this token: the account's or the cookie's (before login). */
function signer(request: FastifyRequest, secret: string, token: string, at: Date): string | undefined {
  const cookie = request.cookies[VISITOR_COOKIE];
  const keys = [request.viewer?.pseudonym, cookie ? visitorKeyOfCookie(secret, cookie) : undefined];
  return keys.find((key) => key && sameToken(engagementToken(secret, key, at), token));
}

function parse(body: unknown): { token: string; ms: number; at: Date } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { pv, ms } = body as { pv?: unknown; ms?: unknown };
  if (typeof pv !== 'string' || typeof ms !== 'string' || !/^\d{1,9}$/.test(ms)) return undefined;
  const match = TOKEN_PATTERN.exec(pv);
  if (!match) return undefined;
  const at = new Date(Number.parseInt(match[1] as string, 36));
  return Number.isNaN(at.getTime()) ? undefined : { token: pv, ms: Number(ms), at };
}

/**
 * The optional engagement beacon. Whatever arrives, the answer is 204 (recorded or quietly ignored)
 * or 400 (not a beacon at all); the only time trusted is the server's, signed into the page.
 */
export function engagementRoutes(app: FastifyInstance, options: EngagementOptions): void {
  const guard = new FloodGuard(options.perMinute ?? 60);
  app.post(
    '/analytics/engagement',
    // A beacon cannot carry a CSRF token; the signed pageview token is what authenticates it.
    { config: { csrf: false }, bodyLimit: 1024, schema: { hide: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const now = options.now();
      if (!guard.allow(request.ip, now.getTime())) return reply.code(204).send();
      const site = request.headers['sec-fetch-site'];
      if (site && site !== 'same-origin') return reply.code(204).send();
      const beacon = parse(request.body);
      if (!beacon) return reply.code(400).send();
      if (request.headers.dnt === '1' || request.headers['sec-gpc'] === '1') return reply.code(204).send();
      const elapsed = now.getTime() - beacon.at.getTime();
      if (elapsed < 0 || elapsed > MAX_AGE_MS || beacon.ms === 0) return reply.code(204).send();
      const visitorKey = signer(request, options.secret, beacon.token, beacon.at);
      if (!visitorKey) return reply.code(204).send();
      // Never more than the time since the page was served, whatever the client's clock says.
      const engagedMs = Math.min(beacon.ms, elapsed, VISIT_GAP_MS);
      if (engagedMs > 0) options.engagement.push({ visitorKey, pageviewAt: beacon.at, engagedMs });
      return reply.code(204).send();
    },
  );
}
