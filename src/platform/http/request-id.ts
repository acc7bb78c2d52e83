import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Accepts a proxy's request id when it is plainly an id; anything else gets a fresh one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)
    ? incoming
    : crypto.randomUUID();
}

/** Log lines carry the method and the path only: query strings and addresses may hold personal data. */
export const logSerializers = {
  req: (req: { method: string; url: string; id?: string }) => ({
    method: req.method,
    path: req.url.split('?')[0]?.slice(0, 200),
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};
