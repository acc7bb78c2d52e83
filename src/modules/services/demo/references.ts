import { DEMO_RESIDENTS } from '../../identity/index.ts';
import type { ServiceDefinition, Text3 } from '../definition.model.ts';

const t = (az: string, en: string, ru: string): Text3 => ({ az, en, ru });

/** "Reference on registration at the place of residence": the population register plus REFDOC's dataset. */
export const REFDOC_0003: ServiceDefinition = {
  kind: 'reference',
  note: t(
    'Arayış dərhal verilir, agentliyin elektron möhürü ilə imzalanır və yoxlama kodu ilə yoxlanıla bilər.',
    'The reference is issued at once, signed with the agency’s electronic seal and can be checked with its verification code.',
    'Справка выдаётся сразу, подписывается электронной печатью ведомства и проверяется по коду проверки.',
  ),
  document: {
    title: t(
      'Yaşayış yeri üzrə qeydiyyat haqqında arayış',
      'Reference on registration at the place of residence',
      'Справка о регистрации по месту жительства',
    ),
    dataset: 'refdoc-residence',
    fields: [
      { label: t('Qeydiyyat ünvanı', 'Registered address', 'Адрес регистрации'), value: '{address}' },
      { label: t('Qeydiyyat tarixi', 'Registered since', 'Дата регистрации'), value: '{registeredOn}' },
    ],
    statement: t(
      'Arayış tələb olunan yerə təqdim edilmək üçün verilir.',
      'This reference is issued for presentation where required.',
      'Справка выдана для предъявления по месту требования.',
    ),
  },
};

const ADDRESSES = [
  'Bakı şəhəri, Nəsimi rayonu, Füzuli küçəsi 12, mənzil 8',
  'Gəncə şəhəri, Kəpəz rayonu, Atatürk prospekti 45, mənzil 3',
  'Sumqayıt şəhəri, 9-cu mikrorayon, ev 17, mənzil 52',
  'Şəki şəhəri, Məhəmməd Əmin Rəsulzadə küçəsi 4',
  'Lənkəran şəhəri, Həzi Aslanov küçəsi 21',
];

/** One registration per demo resident, keyed by FIN (deterministic). */
export function residenceRegistrations(): Record<string, string>[] {
  return DEMO_RESIDENTS.map((person, i) => ({
    fin: person.fin,
    address: ADDRESSES[i % ADDRESSES.length] as string,
    registeredOn: `20${String(10 + (i % 15)).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}`,
  }));
}
