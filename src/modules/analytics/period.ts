// Local dates ('YYYY-MM-DD' in config.timeZone) and half-open periods [from, to) of them.

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;
/** Longest period the pages accept; reports call webFigures directly. */
export const MAX_PERIOD_DAYS = 3 * 366;
export const DEFAULT_PERIOD_DAYS = 30;
/**
 * The gap after which the next pageview starts a new visit (strictly greater than this); also the most
 * engaged time one pageview can claim (longer means the tab was left open).
 */
export const VISIT_GAP_MS = 30 * 60 * 1000;

export interface Period {
  /** First local date included. */
  from: string;
  /** First local date not included. */
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant, e.g. 2026-03-01T21:30Z in Asia/Baku -> '2026-03-02'. */
export function localDate(at: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The last 30 days including today. */
export function defaultPeriod(now: Date, timeZone: string): Period {
  const to = addDays(localDate(now, timeZone), 1);
  return { from: addDays(to, -DEFAULT_PERIOD_DAYS), to };
}

export type PeriodProblem = 'fromInvalid' | 'toInvalid' | 'order' | 'tooLong';

/** A period from query parameters; missing ones default to the last 30 days. */
export function parsePeriod(
  query: { from?: unknown; to?: unknown },
  now: Date,
  timeZone: string,
): { period: Period; problems: PeriodProblem[] } {
  const fallback = defaultPeriod(now, timeZone);
  const problems: PeriodProblem[] = [];
  const given = (v: unknown) => v !== undefined && v !== '';
  if (given(query.from) && !isLocalDate(query.from)) problems.push('fromInvalid');
  if (given(query.to) && !isLocalDate(query.to)) problems.push('toInvalid');
  if (problems.length > 0) return { period: fallback, problems };
  const to = given(query.to) ? (query.to as string) : fallback.to;
  const from = given(query.from) ? (query.from as string) : addDays(to, -DEFAULT_PERIOD_DAYS);
  const days = daysBetween(from, to);
  if (days <= 0) return { period: fallback, problems: ['order'] };
  if (days > MAX_PERIOD_DAYS) return { period: fallback, problems: ['tooLong'] };
  return { period: { from, to }, problems };
}
