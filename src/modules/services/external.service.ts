import crypto from 'node:crypto';
import CircuitBreaker from 'opossum';
import type { Platform } from '../../app.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { pseudonym } from '../../platform/secret.ts';
import { appendAudit } from '../audit/index.ts';
import { type Channel, recordEvent } from '../statistics/index.ts';
import type { ExternalDefinition, StoredDefinition, Text3 } from './definition.model.ts';
import { checkKeys } from './lookup.service.ts';

/** The agency's answer may be a plain text or a text per language; anything bigger is refused. */
const MAX_ANSWER_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_RETRIES = 2;

export interface ExternalRequest {
  keys: Record<string, unknown>;
  lang: Language;
  channel: Channel;
  viewer: { accountId: string; personId: string; pseudonym: string } | null;
  at: Date;
}

export type ExternalOutcome =
  | { status: 'invalid'; errors: { field: string; text: string }[] }
  | { status: 'answered'; text: string }
  /** The agency's system did not answer usefully; `open` when the breaker stopped us from trying. */
  | { status: 'unavailable'; open: boolean };

/**
 * The key an agency uses to check that a call comes from the portal: derived from the server secret and the
 * service code, so nothing secret is stored and `egov services endpoint-secret CODE` can print it.
 */
export function endpointSecret(serverSecret: string, serviceCode: string): string {
  return crypto.createHmac('sha256', serverSecret).update(`external-endpoint:${serviceCode}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`; the timestamp lets the agency refuse replays. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

function backoff(attempt: number): Promise<void> {
  // Exponential with jitter, so that many callers do not retry in step.
  const ms = 200 * 2 ** attempt * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function answerText(payload: unknown, lang: Language): string | undefined {
  const text = (payload as { text?: unknown } | null)?.text;
  if (typeof text === 'string') return text;
  const localised = (text as Partial<Text3> | undefined)?.[lang];
  return typeof localised === 'string' ? localised : undefined;
}

interface Call {
  url: string;
  body: string;
  secret: string;
  timeoutMs: number;
  retries: number;
  lang: Language;
  at: Date;
}

/** One call with its retries: network errors, timeouts, 429 and 5xx are retried; other answers are final. */
async function callWithRetries(call: Call): Promise<{ text: string; attempts: number; status: number }> {
  let attempts = 0;
  for (;;) {
    attempts++;
    let response: Response;
    try {
      response = await fetch(call.url, {
        method: 'POST',
        redirect: 'error',
        signal: AbortSignal.timeout(call.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'x-egov-signature': signatureHeader(call.secret, call.body, call.at),
        },
        body: call.body,
      });
    } catch (error) {
      // Refused, reset or timed out: the agency may answer the next attempt.
      if (attempts > call.retries) throw Object.assign(error as Error, { attempts });
      await backoff(attempts - 1);
      continue;
    }
    if ((response.status === 429 || response.status >= 500) && attempts <= call.retries) {
      await response.body?.cancel();
      await backoff(attempts - 1);
      continue;
    }
    const raw = await response.text();
    if (!response.ok || raw.length > MAX_ANSWER_BYTES)
      throw Object.assign(new Error(`status ${response.status}`), { attempts });
    let text: string | undefined;
    try {
      text = answerText(JSON.parse(raw), call.lang);
    } catch {
      text = undefined;
    }
    if (text === undefined) throw Object.assign(new Error('answer without text'), { attempts });
    return { text: text.slice(0, 4000), attempts, status: response.status };
  }
}

// One breaker per endpoint in this process: after repeated failures the portal stops calling for a while and
// answers at once, instead of making every resident wait for a system that is down.
const breakers = new Map<string, CircuitBreaker<[Call], Awaited<ReturnType<typeof callWithRetries>>>>();

function breakerFor(url: string) {
  let breaker = breakers.get(url);
  if (!breaker) {
    breaker = new CircuitBreaker(callWithRetries, {
      timeout: false, // each attempt has its own timeout
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      resetTimeout: 30_000,
      rollingCountTimeout: 60_000,
    });
    breakers.set(url, breaker);
  }
  return breaker;
}

/** Forgets every breaker (tests; a new endpoint URL gets its own anyway). */
export function resetBreakers(): void {
  for (const breaker of breakers.values()) breaker.shutdown();
  breakers.clear();
}

/**
 * Asks the agency's own system. The call is made outside any transaction; its audit entry (every call,
 * answered or not) and, when answered, the usage event are written together afterwards.
 */
export async function askExternal(
  platform: Platform,
  stored: StoredDefinition & { definition: ExternalDefinition },
  request: ExternalRequest,
): Promise<ExternalOutcome> {
  const { definition } = stored;
  const endpoint = definition.endpoint;
  if (!endpoint) return { status: 'unavailable', open: false };
  const { errors } = checkKeys({ keys: definition.keys ?? [] }, request.keys, request.lang);
  if (errors.length > 0) return { status: 'invalid', errors };
  const input = Object.fromEntries(
    (definition.keys ?? []).map((k) => [k.name, String(request.keys[k.name] ?? '').trim()]),
  );
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({
    requestId,
    service: stored.code,
    lang: request.lang,
    channel: request.channel,
    // A pseudonym of its own for each agency: it can recognise a returning person, but two agencies cannot
    // join their records through the portal, and none learns the FIN.
    user: request.viewer
      ? pseudonym(platform.secret, `agency:${stored.agencyCode}`, request.viewer.accountId)
      : null,
    input,
    sentAt: request.at.toISOString(),
  });
  const breaker = breakerFor(endpoint.url);
  const started = performance.now();
  let result: Awaited<ReturnType<typeof callWithRetries>> | undefined;
  let failure: (Error & { attempts?: number }) | undefined;
  try {
    result = await breaker.fire({
      url: endpoint.url,
      body,
      secret: endpointSecret(platform.secret, stored.code),
      timeoutMs: endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: endpoint.retries ?? DEFAULT_RETRIES,
      lang: request.lang,
      at: request.at,
    });
  } catch (error) {
    failure = error as Error;
  }
  const open = breaker.opened && !result && failure?.attempts === undefined;
  await platform.database.db.transaction(async (tx) => {
    await appendAudit(
      tx,
      {
        action: 'external.call',
        outcome: result ? 'success' : 'failure',
        actorAccountId: request.viewer?.accountId ?? null,
        subjectPersonId: request.viewer?.personId ?? null,
        subjectType: 'service',
        subjectId: stored.code,
        reason: failure ? (open ? 'circuit open' : failure.message.slice(0, 200)) : null,
        details: {
          requestId,
          host: new URL(endpoint.url).host,
          attempts: result?.attempts ?? failure?.attempts ?? 0,
          ms: Math.round(performance.now() - started),
        },
      },
      request.at,
    );
    if (result)
      await recordEvent(tx, {
        type: 'service_use',
        at: request.at,
        serviceCode: stored.code,
        agencyCode: stored.agencyCode,
        channel: request.channel,
        outcome: 'answered',
        userKey: request.viewer?.pseudonym ?? null,
      });
  });
  return result ? { status: 'answered', text: result.text } : { status: 'unavailable', open };
}
