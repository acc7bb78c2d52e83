import { formatDate, type Language, translator } from '../../platform/i18n/i18n.ts';
import type { Report } from './report.ts';

type T = (key: string, values?: Record<string, string | number>) => string;

/** "More than N a month": the round number (leading digit, then zeros) below the quietest full month. */
export function monthlyThreshold(months: number[]): number {
  const least = Math.min(...months);
  if (!Number.isFinite(least) || least < 10) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(least));
  const rounded = Math.floor(least / magnitude) * magnitude;
  return rounded === least ? rounded - magnitude / 10 : rounded;
}

/**
 * The months wholly inside the period: a period that starts or ends mid-month has a partial first or last
 * month, which must not drag the "more than N a month" statement down. Periods carry their local offset,
 * so the local day and time are the ISO string's own digits.
 */
export function fullMonthUses(report: Pick<Report, 'period' | 'uses'>): number[] {
  const startsOnMonth = report.period.from.slice(8, 16) === '01T00:00';
  const endsOnMonth = report.period.to.slice(8, 16) === '01T00:00';
  const months = report.uses.byMonth.map((m) => m.uses);
  return months.slice(startsOnMonth ? 0 : 1, endsOnMonth ? months.length : months.length - 1);
}

/** "Over 93,000": floored to thousands (hundreds below ten thousand). */
export function roundedDown(value: number): number {
  const step = value >= 10_000 ? 1000 : value >= 1000 ? 100 : 1;
  return Math.floor(value / step) * step;
}

function list(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

/** The article of the reference report, written from the figures in one language. */
export function reportParagraphs(report: Report, lang: Language, timeZone: string): string[] {
  const t = translator(lang) as unknown as T;
  const day = (iso: string) => formatDate(lang, new Date(iso), timeZone);
  const { uses, web, certificates, passcodes } = report;
  const out = [
    t('statistics.report.p1', {
      from: day(report.period.from),
      to: day(report.period.to),
      total: uses.total,
    }),
  ];
  if (uses.topAgencies.length > 0)
    out.push(
      t('statistics.report.p2', {
        list: list(
          uses.topAgencies.map((a) => a.name),
          t('statistics.report.and'),
        ),
      }),
    );
  const full = fullMonthUses(report);
  const threshold = monthlyThreshold(full);
  if (full.length > 0 && threshold > 0) out.push(t('statistics.report.p3', { threshold }));
  const agencyName = (code: string) => uses.topAgencies.find((a) => a.code === code)?.name ?? code;
  uses.topServices.slice(0, 6).forEach((s, i) => {
    const key = i === 0 ? 'statistics.report.p4' : 'statistics.report.p5';
    out.push(t(key, { service: s.name, agency: agencyName(s.agency), uses: s.uses }));
  });
  if (web.visits > 0) {
    const seconds = Math.round(web.avgSessionSeconds);
    out.push(
      t('statistics.report.p6', {
        users: web.users,
        visits: web.visits,
        pageviews: web.pageviews,
        minutes: Math.floor(seconds / 60),
        seconds: seconds % 60,
      }),
    );
    const newShare = Math.round(web.newVisitShare * 1000) / 1000;
    out.push(
      t('statistics.report.p7', { newShare, returningShare: Math.round((1 - newShare) * 1000) / 1000 }),
    );
  }
  out.push(
    t('statistics.report.p8', { ...certificates, cumulative: roundedDown(certificates.cumulativeTotal) }),
  );
  out.push(t('statistics.report.p9', { cumulative: roundedDown(passcodes.cumulative) }));
  return out;
}
