import { NORMALISE_FROM, NORMALISE_TO } from './normalise-table.ts';

const MAP = new Map<string, string>();
for (let i = 0; i < NORMALISE_FROM.length; i++)
  MAP.set(NORMALISE_FROM[i] as string, NORMALISE_TO[i] as string);

/** The same mapping as the SQL function catalogue_normalise; keeps the length (one unit for one unit). */
export function normalise(text: string): string {
  let out = '';
  for (const unit of text) out += unit.length === 1 ? (MAP.get(unit) ?? unit) : unit;
  return out;
}

export interface Token {
  /** Normalised form. */
  word: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words (letters and digits) of a text with their positions; normalised. */
export function tokenize(text: string): Token[] {
  const normalised = normalise(text);
  return [...normalised.matchAll(WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

// Without the u flag the pattern sees UTF-16 units, which is what a lone surrogate is.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes any user input safe to work with: well-formed UTF-16 (lone surrogates replaced), no control
 * characters (PostgreSQL text cannot hold NUL), single spaces.
 */
export function cleanInput(value: string): string {
  return value
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  return set;
}

/** pg_trgm's similarity of two single words, for highlighting the words a fuzzy match found. */
export function similarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}
