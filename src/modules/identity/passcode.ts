import crypto from 'node:crypto';
import os from 'node:os';
import { isCommonPasscode } from './common-passcodes.ts';

/**
 * Passcodes are hashed with scrypt (memory-hard). crypto.scrypt runs on libuv's thread pool, so a login
 * storm does not block the event loop. The parameters are written into every hash, so raising them later
 * only affects new hashes, and old ones are upgraded at the next successful login (needsRehash).
 */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** About 100 ms and 32 MiB per hash on a 2020s server core. */
export const CURRENT_KDF: KdfParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

// At most one KDF per core but one: a login storm then leaves a core to the event loop, which keeps
// answering every other request, instead of the thread pool starving it. Extra logins wait their turn.
const KDF_SLOTS = Math.max(1, os.availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

async function withKdfSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= KDF_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(passcode: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  return withKdfSlot(() => scrypt(passcode, salt, params));
}

function scrypt(passcode: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      passcode.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPasscode(passcode: string, params: KdfParams = CURRENT_KDF): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await derive(passcode, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

function parse(stored: string): { params: KdfParams; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return undefined;
  return {
    params: { N, r, p },
    salt: Buffer.from(parts[4] as string, 'base64url'),
    key: Buffer.from(parts[5] as string, 'base64url'),
  };
}

export async function verifyPasscode(passcode: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(passcode, parsed.salt, parsed.params);
  return key.length === parsed.key.length && crypto.timingSafeEqual(key, parsed.key);
}

export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.params.N < CURRENT_KDF.N || parsed.params.r < CURRENT_KDF.r;
}

// A hash of a random passcode: verifying against it when the account does not exist costs the same
// time as a real check, so response times do not tell whether an account exists.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPasscode(crypto.randomBytes(16).toString('hex'));
  return decoy;
}

export type PasscodeProblem = 'tooShort' | 'tooLong' | 'common' | 'containsFin' | 'containsBirthDate';

/** The passcode rules; the person's FIN and birth date must not appear in it. */
export function checkPasscodeRules(
  passcode: string,
  person: { fin: string; birthDate: string },
): PasscodeProblem | undefined {
  if ([...passcode].length < 8) return 'tooShort';
  if (passcode.length > 128) return 'tooLong';
  const lower = passcode.toLowerCase();
  if (isCommonPasscode(lower)) return 'common';
  if (lower.includes(person.fin.toLowerCase())) return 'containsFin';
  const [y, m, d] = person.birthDate.split('-') as [string, string, string];
  const forms = [
    `${y}${m}${d}`,
    `${d}${m}${y}`,
    `${d}.${m}.${y}`,
    `${d}/${m}/${y}`,
    `${y}-${m}-${d}`,
    `${d}${m}${y.slice(2)}`,
  ];
  if (forms.some((f) => lower.includes(f))) return 'containsBirthDate';
  return undefined;
}
