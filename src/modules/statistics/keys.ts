import crypto from 'node:crypto';

const BLOCK = 64;
const CACHE = 100_000;

/**
 * pseudonym() of platform/secret.ts (HMAC-SHA256, base64url, first 32 characters), same output, for the
 * import's hot loop: the key's pads are computed once, one-shot hashes replace Hmac objects, and recent
 * answers are kept (users repeat) in a bounded map. It was the largest cost per imported line.
 */
export function pseudonymizer(secret: string, purpose: string): (value: string) => string {
  const raw = Buffer.from(secret);
  const key = raw.length > BLOCK ? crypto.hash('sha256', raw, 'buffer') : raw;
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  const cache = new Map<string, string>();
  return (value) => {
    let key = cache.get(value);
    if (key !== undefined) return key;
    const first = crypto.hash(
      'sha256',
      Buffer.concat([inner, Buffer.from(`${purpose}\u0000${value}`)]),
      'buffer',
    );
    key = crypto.hash('sha256', Buffer.concat([outer, first]), 'base64url').slice(0, 32);
    if (cache.size >= CACHE) cache.clear();
    cache.set(value, key);
    return key;
  };
}

/** The dedupe key of an imported line: a hash of the whole line (its time included). */
export function lineKey(line: string): string {
  return `imp:${crypto.hash('sha256', line, 'base64url').slice(0, 32)}`;
}
