/**
 * Deterministic demo register: the same seed always gives the same people, so the docs, screenshots and
 * tests can rely on them. Names, phones and numbers are plausible for Azerbaijan and entirely invented.
 */

import { prng } from '../../../platform/random.ts';

const MALE =
  'Elvin Rəşad Orxan Tural Kamran Murad Fərid Vüsal Nicat Elçin Ramil Samir Anar Cavid Emin Rauf Həsən Hüseyn Əli Mübariz Səbuhi Zaur Namiq İlham Rövşən Ülvi Fuad Toğrul Nurlan Kənan'.split(
    ' ',
  );
const FEMALE =
  'Aysel Günay Nərgiz Leyla Səbinə Könül Zərifə Aynur Lalə Nigar Sevinc Gülnar Fidan Türkan Şəbnəm Aygün Xədicə Ülkər Nərmin Səidə Kəmalə Məryəm Zeynəb Aytən Ləman Elnarə Günel Arzu Vüsalə Röya'.split(
    ' ',
  );
const SURNAME =
  'Məmmədov Əliyev Hüseynov Həsənov Quliyev İsmayılov Abbasov Babayev Cəfərov Vəliyev Orucov Kazımov Rzayev Səfərov Mirzəyev Nəsirov Bağırov Qasımov Rəhimov Süleymanov Axundov Sadıqov Zeynalov Kərimov Nəbiyev Şükürov Yusifov Musayev Əsədov Talıbov'.split(
    ' ',
  );
const FATHER =
  'Rauf Tofiq Vaqif Əli Elçin Namiq Kamil Fikrət Arif Rövşən Elşən Zaur İlham Səməd Habil Oqtay Mahir Yaşar Nazim Şahin'.split(
    ' ',
  );
const LATIN: Record<string, string> = {
  ə: 'e',
  ı: 'i',
  ö: 'o',
  ü: 'u',
  ş: 'sh',
  ç: 'ch',
  ğ: 'g',
  İ: 'I',
  Ə: 'E',
  Ş: 'Sh',
  Ç: 'Ch',
  Ü: 'U',
  Ö: 'O',
};
const FIN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const OPERATORS = ['50', '51', '55', '70', '77', '99', '10'];

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;
const digits = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const pad = (n: number) => String(n).padStart(2, '0');

export interface GeneratedPerson {
  fin: string;
  cardNumber: string;
  firstName: string;
  lastName: string;
  patronymic: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  cardValidUntil: string;
}

function ascii(text: string): string {
  return [...text]
    .map((c) => LATIN[c] ?? c)
    .join('')
    .toLowerCase();
}

/** `taken` holds FINs and card numbers already used (hand-made demo people), so none is given twice. */
export function generatePeople(count: number, seed: number, taken: Set<string>): GeneratedPerson[] {
  const random = prng(seed);
  const people: GeneratedPerson[] = [];
  while (people.length < count) {
    const fin = Array.from({ length: 7 }, () => pick(random, [...FIN_ALPHABET])).join('');
    const card = random() < 0.8 ? `AZE${digits(random, 8)}` : `AA${digits(random, 7)}`;
    if (taken.has(fin) || taken.has(card)) continue;
    taken.add(fin).add(card);
    const male = random() < 0.5;
    const firstName = pick(random, male ? MALE : FEMALE);
    const surname = pick(random, SURNAME);
    const year = 1940 + Math.floor(random() * 68);
    const issued = 2014 + Math.floor(random() * 12);
    // About 3% of cards have expired: the passcode routes must refuse them.
    const validYear = random() < 0.03 ? 2019 + Math.floor(random() * 5) : issued + 10;
    people.push({
      fin,
      cardNumber: card,
      firstName,
      lastName: male ? surname : `${surname}a`,
      patronymic: `${pick(random, FATHER)} ${male ? 'oğlu' : 'qızı'}`,
      birthDate: `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
      phone: random() < 0.92 ? `+994${pick(random, OPERATORS)}${digits(random, 7)}` : null,
      email: random() < 0.4 ? `${ascii(firstName)}.${ascii(surname)}${digits(random, 3)}@mail.example` : null,
      cardValidUntil: `${validYear}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
    });
  }
  return people;
}

const COMPANY_WORDS =
  'Xəzər Abşeron Qafqaz Araz Kür Şirvan Muğan Gəncə Naxçıvan Qarabağ Lənkəran Şəki Sumqayıt Göygöl Turan Ulduz Günəş Bərəkət Dalğa İnşaat Aqro Texnologiya Ticarət Logistika Enerji Tikinti Tekstil Servis'.split(
    ' ',
  );
const COMPANY_FORMS = ['MMC', 'ASC', 'QSC'];
const STATE_BODIES = [
  'Bakı Şəhər İcra Hakimiyyəti',
  'Sumqayıt Şəhər İcra Hakimiyyəti',
  'Gəncə Şəhər İcra Hakimiyyəti',
  'Şəki Rayon İcra Hakimiyyəti',
  'Lənkəran Rayon İcra Hakimiyyəti',
  'Quba Rayon İcra Hakimiyyəti',
  'Bakı Şəhər Baş Təhsil İdarəsi',
  'Gəncə Regional Təhsil İdarəsi',
  'Respublika Klinik Xəstəxanası',
  'Mərkəzi Elmi Kitabxana',
  'Dövlət Statistika Komitəsinin Bakı İdarəsi',
  'Şirvan Şəhər Məşğulluq Mərkəzi',
];

export interface GeneratedOrganisation {
  kind: 'legal' | 'state';
  taxNumber: string;
  name: string;
  /** Indexes into the generated people. */
  representatives: { person: number; capacity: string }[];
}

export function generateOrganisations(
  legalCount: number,
  peopleCount: number,
  seed: number,
  taken: Set<string>,
): GeneratedOrganisation[] {
  const random = prng(seed);
  const result: GeneratedOrganisation[] = [];
  const names = new Set<string>();
  const add = (kind: 'legal' | 'state', name: string) => {
    let taxNumber: string;
    do taxNumber = `${kind === 'state' ? '99' : '1'}${digits(random, kind === 'state' ? 8 : 9)}`;
    while (taken.has(taxNumber));
    taken.add(taxNumber);
    const representatives = [{ person: Math.floor(random() * peopleCount), capacity: 'director' }];
    if (random() < 0.3)
      representatives.push({ person: Math.floor(random() * peopleCount), capacity: 'authorised' });
    const unique = representatives.filter(
      (r, i) => representatives.findIndex((x) => x.person === r.person) === i,
    );
    result.push({ kind, taxNumber, name, representatives: unique });
  };
  for (const body of STATE_BODIES.slice(0, Math.max(3, Math.min(STATE_BODIES.length, legalCount / 20))))
    add('state', body);
  // Enough distinct names for a few thousand companies; more would loop forever, so the count is capped.
  const target = Math.min(legalCount, 2000);
  while (names.size < target) {
    const [first, second] = [pick(random, COMPANY_WORDS), pick(random, COMPANY_WORDS)];
    const name = `${first} ${second} ${pick(random, COMPANY_FORMS)}`;
    if (first === second || names.has(name)) continue;
    names.add(name);
    add('legal', name);
  }
  return result;
}
