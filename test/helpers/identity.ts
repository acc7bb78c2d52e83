import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  addPeopleToRegister,
  hashPasscode,
  type NewPerson,
  provisionAccount,
  totpCode,
} from '../../src/modules/identity/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/client.ts';
import type { RoleGrant } from '../../src/platform/http/auth.ts';
import { BrowserLike } from './browser-like.ts';

/** A person in the population register, with an account and a known passcode (unless account: false). */
export interface TestPerson {
  personId: string;
  accountId: string;
  fin: string;
  cardNumber: string;
  passcode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  phone: string;
}

export interface TestStaff extends TestPerson {
  roles: RoleGrant[];
  /** Base32 TOTP secret of the staff member's authenticator. */
  totpSecret: string;
  /** The authenticator's code at a time (pass `testApp.clock.now()`). */
  totp(at: Date): string;
}

export interface ResidentOverrides extends Partial<Omit<NewPerson, 'id'>> {
  passcode?: string;
  /** false: only in the register, no account yet (to test getting a passcode). */
  account?: boolean;
}

export const TEST_PASSCODE = 'Sınaq-parol-2026';

// Hashing costs ~100 ms by design; tests reuse one hash per passcode (salts differ only in production).
const hashes = new Map<string, Promise<string>>();
function hashFor(passcode: string): Promise<string> {
  let hash = hashes.get(passcode);
  if (!hash) {
    hash = hashPasscode(passcode);
    hashes.set(passcode, hash);
  }
  return hash;
}

const FIN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
function randomFin(): string {
  return Array.from(crypto.randomBytes(7), (b) => FIN_ALPHABET[b % FIN_ALPHABET.length]).join('');
}
function randomDigits(n: number): string {
  return Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');
}

export async function createResident(
  database: Database,
  overrides: ResidentOverrides = {},
): Promise<TestPerson> {
  const { passcode = TEST_PASSCODE, account = true, ...fields } = overrides;
  const person = {
    fin: randomFin(),
    cardNumber: `AZE${randomDigits(8)}`,
    firstName: 'Test',
    lastName: `Sakin-${randomDigits(4)}`,
    patronymic: null,
    birthDate: '1990-01-01',
    phone: `+99450${randomDigits(7)}`,
    email: null,
    cardValidUntil: '2099-12-31',
    ...fields,
  };
  const [personId] = (await addPeopleToRegister(database.db, [person])) as [string];
  const accountId = account
    ? await provisionAccount(database.db, { personId, passcodeHash: await hashFor(passcode) }, new Date())
    : '';
  return {
    personId,
    accountId,
    fin: person.fin,
    cardNumber: person.cardNumber,
    passcode,
    firstName: person.firstName,
    lastName: person.lastName,
    birthDate: person.birthDate,
    phone: person.phone ?? '',
  };
}

/** A staff member with the given roles and a confirmed authenticator (TOTP is mandatory for staff). */
export async function createStaff(
  database: Database,
  options: { roles: RoleGrant[] } & ResidentOverrides,
): Promise<TestStaff> {
  const { roles, ...overrides } = options;
  const resident = await createResident(database, { firstName: 'Staff', ...overrides, account: false });
  const totpSecret = 'JBSWY3DPEHPK3PXP'.concat(randomBase32(16));
  const accountId = await provisionAccount(
    database.db,
    { personId: resident.personId, passcodeHash: await hashFor(resident.passcode), roles, totpSecret },
    new Date(),
  );
  return { ...resident, accountId, roles, totpSecret, totp: (at: Date) => totpCode(totpSecret, at) };
}

function randomBase32(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(crypto.randomBytes(n), (b) => alphabet[b % 32]).join('');
}

function isStaff(who: TestPerson | TestStaff): who is TestStaff {
  return 'totp' in who;
}

/**
 * Logs in through the real pages (FIN + passcode, then the TOTP code for staff) and returns a browser holding
 * the `sid` cookie. Throws with the page's status when the login does not succeed.
 */
export async function loginAs(
  app: FastifyInstance,
  who: TestPerson | TestStaff,
  lang = 'en',
): Promise<BrowserLike> {
  const browser = new BrowserLike(app);
  await browser.get(`/${lang}/login`);
  const first = await browser.post(`/${lang}/login`, { fin: who.fin, passcode: who.passcode });
  if (first.statusCode !== 303) throw new Error(`login failed for ${who.fin}: ${first.statusCode}`);
  if (!isStaff(who)) return browser;
  if (first.headers.location !== `/${lang}/login/second-factor`)
    throw new Error(`staff login of ${who.fin} did not ask for the second factor`);
  await browser.get(`/${lang}/login/second-factor`);
  const clock = app.platform.clock;
  let second = await browser.post(`/${lang}/login/second-factor`, { code: who.totp(clock.now()) });
  // A code is accepted once (replay protection): a second login of the same staff member within the same
  // 30 s step needs the next code, which a test's manual clock reaches by moving on.
  if (second.statusCode === 401 && clock instanceof ManualClock) {
    clock.advance(30_000);
    second = await browser.post(`/${lang}/login/second-factor`, { code: who.totp(clock.now()) });
  }
  if (second.statusCode !== 303) throw new Error(`second factor failed for ${who.fin}: ${second.statusCode}`);
  return browser;
}
