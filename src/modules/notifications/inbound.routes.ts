import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendProblem } from '../../platform/http/errors.ts';
import { type AnswerLookup, inboundAnswerer, isPhoneNumber, SenderLimiter } from './inbound.service.ts';
import { recordDelivery } from './outbox.repository.ts';
import { signBody } from './transports.ts';

export interface InboundOptions {
  hmacKey: string;
  lookup: AnswerLookup;
  /** Texts one number may send per window before it is refused. */
  perSender?: number;
  windowMs?: number;
}

const BODY_LIMIT = 4096;
const DELIVERY_STATUSES = new Set(['delivered', 'failed', 'expired', 'rejected', 'unknown']);

function validSignature(key: string, body: Buffer, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(signBody(key, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** The gateway sends JSON or a form; anything else, or text that is not UTF-8, is not a message. */
function readFields(body: Buffer, contentType: string | undefined): Record<string, string> | undefined {
  const text = new TextDecoder('utf-8', { fatal: true });
  let decoded: string;
  try {
    decoded = text.decode(body);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary bodies are refused by their control characters
  if (/[\u0000-\u0008\u000e-\u001f]/.test(decoded)) return undefined;
  try {
    const raw: unknown = contentType?.includes('json')
      ? JSON.parse(decoded)
      : Object.fromEntries(new URLSearchParams(decoded));
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return undefined;
  }
}

const refuse = (reply: FastifyReply, status: number, title: string) => sendProblem(reply, status, title);

/**
 * The SMS gateway's webhooks: inbound texts and delivery reports. Raw bodies (the HMAC is over the exact bytes),
 * small, no cookies, no CSRF: the signature is the authentication.
 */
export async function inboundRoutes(app: FastifyInstance, options: InboundOptions): Promise<void> {
  const { database, clock } = app.platform;
  const limiter = new SenderLimiter(options.perSender ?? 10, options.windowMs ?? 60_000);
  const answer = inboundAnswerer(database.db, options.lookup);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  function signedFields(request: { body: unknown; headers: Record<string, unknown> }) {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!validSignature(options.hmacKey, body, request.headers['x-signature'])) return 'unsigned' as const;
    return readFields(body, request.headers['content-type'] as string | undefined);
  }

  app.post(
    '/api/v1/sms/inbound',
    { config: { csrf: false }, schema: { hide: true } },
    async (request, reply) => {
      const fields = signedFields(request);
      if (fields === 'unsigned') return refuse(reply, 401, 'bad signature');
      const from = fields?.from?.trim() ?? '';
      if (!fields || !isPhoneNumber(from) || typeof fields.text !== 'string' || fields.text.length > 480)
        return refuse(reply, 400, 'not an SMS');
      const now = clock.now();
      if (!limiter.allow(from, now.getTime())) return refuse(reply, 429, 'too many texts from this number');
      const outcome = await answer({ sms: { from, text: fields.text, gatewayId: fields.id }, at: now });
      return reply.code(202).send({ outcome });
    },
  );

  app.post(
    '/api/v1/sms/delivery',
    { config: { csrf: false }, schema: { hide: true } },
    async (request, reply) => {
      const fields = signedFields(request);
      if (fields === 'unsigned') return refuse(reply, 401, 'bad signature');
      const reference = fields?.reference ?? '';
      const status = fields?.status ?? '';
      if (!/^\d{1,15}$/.test(reference) || !DELIVERY_STATUSES.has(status))
        return refuse(reply, 400, 'not a report');
      const known = await recordDelivery(database.db, Number(reference), status);
      return known ? reply.code(204).send() : refuse(reply, 404, 'unknown reference');
    },
  );
}
