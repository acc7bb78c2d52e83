import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The server secret signs cookies and keys pseudonyms. Configured in production; for a demo
 * it is generated once and kept in the data directory so restarts keep sessions and pseudonyms stable.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret-key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** A keyed hash: stable per server, not reversible without the secret. */
export function pseudonym(secret: string, purpose: string, value: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`${purpose}\u0000${value}`)
    .digest('base64url')
    .slice(0, 32);
}

const BLOCK = 64;

/**
 * pseudonym() for one secret and purpose, same output, for hot paths (the import's loop, every page's
 * engagement token): the key's pads are computed once and one-shot hashes replace Hmac objects (about
 * half the cost). With `cache`, the last answers are kept in a bounded map (ids repeat).
 */
export function pseudonymizer(secret: string, purpose: string, cache = 0): (value: string) => string {
  const raw = Buffer.from(secret);
  const key = raw.length > BLOCK ? crypto.hash('sha256', raw, 'buffer') : raw;
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  const prefix = `${purpose}\u0000`;
  const compute = (value: string) => {
    const first = crypto.hash('sha256', Buffer.concat([inner, Buffer.from(prefix + value)]), 'buffer');
    return crypto.hash('sha256', Buffer.concat([outer, first]), 'base64url').slice(0, 32);
  };
  if (cache <= 0) return compute;
  const answers = new Map<string, string>();
  return (value) => {
    let answer = answers.get(value);
    if (answer !== undefined) return answer;
    answer = compute(value);
    if (answers.size >= cache) answers.clear();
    answers.set(value, answer);
    return answer;
  };
}

const shared = new Map<string, Map<string, (value: string) => string>>();

/**
 * The process's one pseudonymizer for a secret and purpose (the cache size of its first caller), so that
 * code hashing the same ids shares one cache and nobody keeps its own table of pseudonymizers.
 */
export function sharedPseudonymizer(
  secret: string,
  purpose: string,
  cache: number,
): (value: string) => string {
  let bySecret = shared.get(secret);
  if (!bySecret) {
    bySecret = new Map();
    shared.set(secret, bySecret);
  }
  let hasher = bySecret.get(purpose);
  if (!hasher) {
    hasher = pseudonymizer(secret, purpose, cache);
    bySecret.set(purpose, hasher);
  }
  return hasher;
}
