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
