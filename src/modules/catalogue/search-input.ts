import type { Language } from '../../platform/i18n/i18n.ts';
import { AUDIENCES, AUTH_LEVELS, SERVICE_KINDS } from './catalogue.model.ts';
import { cleanInput } from './normalise.ts';
import type { SearchQuery } from './search.ts';

export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE = 1000;

/** What was wrong with one parameter; the page shows it, the API answers 400 naming it. */
export interface InputProblem {
  parameter: string;
  problem: 'tooLong' | 'unknown' | 'invalid';
  value: string;
}

interface CodeSet {
  has(code: string): boolean;
}

export interface KnownCodes {
  agencies: CodeSet;
  categories: CodeSet;
}

export interface ParsedSearch {
  query: SearchQuery;
  problems: InputProblem[];
}

function first(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function shown(value: string): string {
  const clean = cleanInput(value);
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

/**
 * Reads search parameters from a query string whatever they hold. A problem never stops the page:
 * the parameter is left out and reported, so the page can say what it ignored.
 */
export function parseSearchInput(
  raw: Record<string, unknown>,
  lang: Language,
  known: KnownCodes,
): ParsedSearch {
  const problems: InputProblem[] = [];
  const text = (name: string) => {
    const value = first(raw[name]);
    return value === undefined ? undefined : cleanInput(value);
  };
  const oneOf = <T extends string>(name: string, allowed: CodeSet | readonly T[]): T | undefined => {
    const value = text(name);
    if (!value) return undefined;
    const ok = Array.isArray(allowed) ? allowed.includes(value as T) : (allowed as CodeSet).has(value);
    if (ok) return value as T;
    problems.push({ parameter: name, problem: 'unknown', value: shown(value) });
    return undefined;
  };
  let q = text('q') ?? '';
  if (q.length > MAX_QUERY_LENGTH) {
    problems.push({ parameter: 'q', problem: 'tooLong', value: shown(q) });
    q = '';
  }
  const query: SearchQuery = {
    q,
    lang,
    agency: oneOf('agency', known.agencies),
    category: oneOf('category', known.categories),
    kind: oneOf('kind', SERVICE_KINDS),
    authLevel: oneOf('authLevel', AUTH_LEVELS),
    audience: oneOf('audience', AUDIENCES),
    sort: oneOf('sort', ['relevance', 'name'] as const) ?? 'relevance',
    page: number('page', text('page'), MAX_PAGE, problems) ?? 1,
    limit: number('limit', text('limit'), 100, problems) ?? 20,
  };
  return { query, problems };
}

function number(name: string, value: string | undefined, max: number, problems: InputProblem[]) {
  if (value === undefined || value === '') return undefined;
  const n = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (n >= 1 && n <= max) return n;
  problems.push({ parameter: name, problem: 'invalid', value: shown(value) });
  return undefined;
}
