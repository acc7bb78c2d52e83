import crypto from 'node:crypto';

/** The dedupe key of an imported line: a hash of the whole line (its time included). */
export function lineKey(line: string): string {
  return `imp:${crypto.hash('sha256', line, 'base64url').slice(0, 32)}`;
}
