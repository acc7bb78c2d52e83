import type { Language } from '../../platform/i18n/i18n.ts';

/** One lookup service reachable by SMS: its keywords per language and the keys that follow them. */
export interface SmsGrammar {
  serviceCode: string;
  keywords: Record<Language, string[]>;
  /** The words after the keyword, in order: the lookup key name, a normalisation, the pattern it must then match. */
  keys: { name: string; normalise?: (word: string) => string; pattern: RegExp }[];
}

/** The services answering by SMS. The keyword's language is the reply's language. */
export const SMS_GRAMMARS: SmsGrammar[] = [
  {
    // Number portability: which operator serves a number now.
    serviceCode: 'MCHT-0001',
    keywords: { az: ['NET', 'NÖMRƏ', 'NOMRE'], en: ['NUMBER'], ru: ['НОМЕР'] },
    // 0501234567, 501234567, +994501234567 and 994501234567 all mean the 9 digits the registry keys on.
    keys: [{ name: 'phone', normalise: (w) => w.replace(/^(\+?994|0)/, ''), pattern: /^\d{9}$/ }],
  },
  {
    // Exam results by applicant code and secret number.
    serviceCode: 'SSAC-0001',
    keywords: { az: ['TEST', 'İMTAHAN', 'IMTAHAN'], en: ['EXAM'], ru: ['ЭКЗАМЕН'] },
    keys: [
      { name: 'applicantCode', pattern: /^\d{7}$/ },
      { name: 'secret', pattern: /^\d{6}$/ },
    ],
  },
];

export type ParsedSms =
  | { kind: 'lookup'; serviceCode: string; keys: Record<string, string>; lang: Language }
  | { kind: 'help'; lang: Language };

const BY_KEYWORD = new Map<string, { grammar: SmsGrammar; lang: Language }>();
for (const grammar of SMS_GRAMMARS)
  for (const [lang, words] of Object.entries(grammar.keywords) as [Language, string[]][])
    for (const word of words) BY_KEYWORD.set(word.toLocaleUpperCase('az'), { grammar, lang });

/** Upper-cases the Azerbaijani way (i -> İ) so 'test' and 'imtahan' both match. */
const upper = (word: string) => word.toLocaleUpperCase('az');

/** Reads an inbound text; anything that does not fit a grammar gets help in the likeliest language. */
export function parseSms(text: string): ParsedSms {
  const words = text.normalize('NFC').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const first = words[0] ?? '';
  const match = BY_KEYWORD.get(upper(first)) ?? BY_KEYWORD.get(first.toUpperCase());
  const guess: Language = /[\u0400-\u04FF]/.test(text) ? 'ru' : 'az';
  if (!match) return { kind: 'help', lang: guess };
  const { grammar, lang } = match;
  const values = words.slice(1);
  if (values.length !== grammar.keys.length) return { kind: 'help', lang };
  const keys: Record<string, string> = {};
  for (const [i, key] of grammar.keys.entries()) {
    const word = (values[i] as string).toUpperCase();
    const value = key.normalise ? key.normalise(word) : word;
    if (!key.pattern.test(value)) return { kind: 'help', lang };
    keys[key.name] = value;
  }
  return { kind: 'lookup', serviceCode: grammar.serviceCode, keys, lang };
}
