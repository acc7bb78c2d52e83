import { IntlMessageFormat } from 'intl-messageformat';
import { az } from './messages/az.ts';
import { en } from './messages/en.ts';
import { ru } from './messages/ru.ts';

export const LANGUAGES = ['az', 'en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'az';

/** BCP 47 locales for Intl (numbers, dates, plurals). */
export const LOCALES: Record<Language, string> = { az: 'az-Latn-AZ', en: 'en-GB', ru: 'ru-RU' };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, values?: Record<string, string | number | Date>) => string;

const catalogues: Record<Language, Messages> = { az, en, ru };
const compiled = new Map<string, IntlMessageFormat>();

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Modules add their own messages at start-up; a key missing in a language is a programming error. */
export function addMessages(extra: Record<Language, Record<string, string>>): void {
  for (const lang of LANGUAGES) Object.assign(catalogues[lang], extra[lang]);
}

export function translator(requested: Language): Translate {
  // Error pages for malformed requests may be rendered before the language is known.
  const lang = isLanguage(requested) ? requested : DEFAULT_LANGUAGE;
  return (key, values) => {
    const source = catalogues[lang][key] ?? catalogues.en[key] ?? key;
    if (!values && !source.includes('{')) return source;
    const cacheKey = `${lang}\u0000${key}`;
    let format = compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(source, LOCALES[lang]);
      compiled.set(cacheKey, format);
    }
    return String(format.format(values));
  };
}

export function formatNumber(lang: Language, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALES[lang], options).format(value);
}

export function formatDate(
  lang: Language,
  value: Date,
  timeZone: string,
  options?: Intl.DateTimeFormatOptions,
): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone, dateStyle: 'long', ...options }).format(value);
}
