// Periods of local dates [from, to) in config.timeZone, as the dashboard, open data and report take them.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2100-01-01';
export const MAX_DAYS = 20 * 366;

export interface Period {
  from: string;
  to: string;
}

export type PeriodPreset = 'month' | 'quarter' | 'half' | 'year' | 'custom';
export const PRESETS: PeriodPreset[] = ['month', 'quarter', 'half', 'year', 'custom'];

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function days(period: Period): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY_MS);
}

export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The period of equal length just before. */
export function previous(period: Period): Period {
  return { from: addDays(period.from, -days(period)), to: period.from };
}

/** The preset period that contains today (the current month, quarter, half-year or year). */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const span = { month: 1, quarter: 3, half: 6, year: 12, custom: 1 }[preset];
  const startMonth = Math.floor((m - 1) / span) * span + 1;
  const from = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  return { from, to: addMonths(from, span) };
}

export type PeriodProblem = 'fromInvalid' | 'toInvalid' | 'order' | 'range';

/** Validates a period from query parameters: a preset, or [from, to); without any, the current month. */
export function parsePeriod(
  query: { from?: unknown; to?: unknown; period?: unknown },
  today: string,
): { period: Period; problem?: PeriodProblem } {
  const preset = PRESETS.includes(query.period as PeriodPreset) ? (query.period as PeriodPreset) : 'custom';
  const fallback = presetPeriod(preset === 'custom' ? 'month' : preset, today);
  const given = (v: unknown) => v !== undefined && v !== '';
  // A preset chosen on the form wins over the dates the form also sends.
  if (preset !== 'custom' || (!given(query.from) && !given(query.to))) return { period: fallback };
  if (!isDate(query.from)) return { period: fallback, problem: 'fromInvalid' };
  if (!isDate(query.to)) return { period: fallback, problem: 'toInvalid' };
  const period = { from: query.from, to: query.to };
  if (days(period) <= 0) return { period: fallback, problem: 'order' };
  if (period.from < MIN_DATE || period.to > MAX_DATE || days(period) > MAX_DAYS)
    return { period: fallback, problem: 'range' };
  return { period };
}

/** '2016-01-01' in Asia/Baku -> '2016-01-01T00:00:00+04:00'. */
export function localMidnightIso(date: string, timeZone: string): string {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offset = offsetMinutes(new Date(guess), timeZone);
  const at = new Date(guess - offset * 60_000);
  const real = offsetMinutes(at, timeZone);
  const sign = real < 0 ? '-' : '+';
  const abs = Math.abs(real);
  return `${date}T00:00:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function offsetMinutes(at: Date, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}
