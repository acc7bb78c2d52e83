import crypto from 'node:crypto';
import type { StaffRole } from '../../../platform/http/auth.ts';
import { base32Encode } from '../totp.ts';

/**
 * The people and accounts a demo visitor can log in as (docs/demo-accounts.md lists them). Demo only:
 * DEMO_DATA=false never loads them, and the secrets below are public by design.
 */
export const DEMO_PASSCODE = 'Bahar-gunu-2026';

export interface DemoPerson {
  fin: string;
  cardNumber: string;
  firstName: string;
  lastName: string;
  patronymic: string;
  birthDate: string;
  phone: string;
  email: string | null;
  cardValidUntil: string;
  /** false: in the register but without a passcode yet, to try getting one. */
  account: boolean;
}

export interface DemoStaff extends DemoPerson {
  role: StaffRole;
  agencyCode?: string;
  totpSecret: string;
}

function person(
  fin: string,
  cardNumber: string,
  names: [string, string, string],
  birthDate: string,
  phone: string,
  account = true,
  cardValidUntil = '2034-06-30',
): DemoPerson {
  const [firstName, lastName, patronymic] = names;
  const email = account ? `${fin.toLowerCase()}@demo.example` : null;
  return {
    fin,
    cardNumber,
    firstName,
    lastName,
    patronymic,
    birthDate,
    phone,
    email,
    cardValidUntil,
    account,
  };
}

export const DEMO_RESIDENTS: DemoPerson[] = [
  person('5ZK3M7A', 'AZE10000001', ['Aysel', 'Məmmədova', 'Rauf qızı'], '1990-04-12', '+994501000001'),
  person('2RT8H4P', 'AZE10000002', ['Elvin', 'Hüseynov', 'Tofiq oğlu'], '1985-11-03', '+994551000002'),
  person('7LMQ2X9', 'AA1000003', ['Günay', 'Əliyeva', 'Vaqif qızı'], '1978-02-27', '+994701000003'),
  person('3ABX5KD', 'AZE10000004', ['Rəşad', 'Quliyev', 'Əli oğlu'], '1995-08-19', '+994771000004'),
  person('9PQW7Z2', 'AZE10000005', ['Nərgiz', 'Kazımova', 'Elçin qızı'], '2001-12-01', '+994501000005'),
  // No passcode yet: try "get a passcode" online (the SMS lands in the back-office outbox).
  person('6NEW5PA', 'AZE10000006', ['Orxan', 'Səfərov', 'Namiq oğlu'], '1992-06-15', '+994501000006', false),
  // Card expired: every passcode route refuses it.
  person(
    '4EXP1RD',
    'AA1000007',
    ['Solmaz', 'Rzayeva', 'Kamil qızı'],
    '1960-09-09',
    '+994501000007',
    false,
    '2020-01-31',
  ),
];

/** Representations: Aysel directs a company, Elvin signs for a state structure. */
export const DEMO_ORGANISATIONS = [
  {
    taxNumber: '1400000011',
    kind: 'legal' as const,
    name: 'Xəzər Texnologiya MMC',
    representative: '5ZK3M7A',
    capacity: 'director',
  },
  {
    taxNumber: '1400000022',
    kind: 'legal' as const,
    name: 'Gəncə Aqro ASC',
    representative: '5ZK3M7A',
    capacity: 'authorised',
  },
  {
    taxNumber: '9900000033',
    kind: 'state' as const,
    name: 'Bakı Şəhər Təhsil İdarəsi',
    representative: '2RT8H4P',
    capacity: 'authorised',
  },
];

function secretFor(fin: string): string {
  return base32Encode(crypto.createHash('sha256').update(`egov-demo-totp:${fin}`).digest().subarray(0, 20));
}

function staff(
  fin: string,
  names: [string, string, string],
  role: StaffRole,
  agencyCode?: string,
): DemoStaff {
  const n = fin.charCodeAt(0) - 48;
  const base = person(fin, `AZE2000000${n}`, names, `198${n}-0${(n % 9) + 1}-1${n}`, `+99450200000${n}`);
  return { ...base, role, ...(agencyCode ? { agencyCode } : {}), totpSecret: secretFor(fin) };
}

export const DEMO_STAFF: DemoStaff[] = [
  staff('1ADMN7P', ['Kamran', 'Abbasov', 'Fikrət oğlu'], 'portal_admin'),
  staff('2EDTR7P', ['Leyla', 'Nəsirova', 'Arif qızı'], 'editor'),
  staff('3STAT7P', ['Tural', 'İsmayılov', 'Rövşən oğlu'], 'statistician'),
  staff('4AGAD7M', ['Səbinə', 'Həsənova', 'Elşən qızı'], 'agency_admin', 'MLSPP'),
  staff('5AGOF7M', ['Fərid', 'Babayev', 'Zaur oğlu'], 'agency_officer', 'MLSPP'),
  staff('6AGOF7S', ['Könül', 'Cəfərova', 'İlham qızı'], 'agency_officer', 'SSAC'),
  staff('7CAOP7P', ['Murad', 'Vəliyev', 'Səməd oğlu'], 'ca_operator'),
  staff('8SCOP7P', ['Zərifə', 'Orucova', 'Habil qızı'], 'service_centre_operator'),
  staff('9AGAD7C', ['Vüsal', 'Mirzəyev', 'Oqtay oğlu'], 'agency_admin', 'MCHT'),
];
