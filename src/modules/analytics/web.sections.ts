import type { Db } from '../../platform/db/client.ts';
import { formatNumber, type Language, translator } from '../../platform/i18n/i18n.ts';
import { barChart, lineChart, type Series } from './charts.ts';
import {
  type Dimension,
  dailySeries,
  dimensionTop,
  excludedByReason,
  type WebOverview,
  webOverview,
} from './figures.repository.ts';
import type { AnalyticsMessageKey } from './messages.ts';
import type { Period } from './period.ts';

type T = (key: AnalyticsMessageKey | string, values?: Record<string, string | number>) => string;

export interface Column {
  key: string;
  label: string;
  numeric: boolean;
}

/** One section of the web statistics: the same rows feed its chart, its table, its CSV and its JSON. */
export interface SectionData {
  id: SectionId;
  title: string;
  columns: Column[];
  rows: Record<string, string | number>[];
  /** How a raw value is shown in tables and charts (device codes become words). */
  label?: (value: string) => string;
  chart?: () => Promise<string>;
}

export const SECTION_IDS = [
  'overview',
  'daily',
  'new-returning',
  'devices',
  'languages',
  'page-types',
  'services',
  'pages',
  'referrers',
  'excluded',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

const col = (t: T, key: string, label: string, numeric = true): Column => ({
  key,
  label: t(`analytics.column.${label}`),
  numeric,
});

function overviewRows(o: WebOverview): Record<string, string | number>[] {
  const figures: [string, number][] = [
    ['users', o.users],
    ['visits', o.visits],
    ['pageviews', o.pageviews],
    ['pagesPerVisit', round(o.pagesPerVisit, 2)],
    ['avgDuration', round(o.avgSessionSeconds, 1)],
    ['avgEngaged', round(o.avgEngagedSeconds, 1)],
    ['engagedVisits', o.engagedVisits],
    ['newVisitShare', round(o.newVisitShare, 4)],
    ['newUserShare', round(o.newUserShare, 4)],
    ['anonymousPageviews', o.anonymousPageviews],
    ['excludedRequests', o.excludedRequests],
  ];
  return figures.map(([figure, value]) => ({ figure, value }));
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const bars = (section: SectionData, keys: string[]) => () =>
  barChart(
    section.rows.slice(0, 12).map((r) => (section.label ? section.label(String(r.value)) : String(r.value))),
    keys.map(
      (key): Series => ({
        name: section.columns.find((c) => c.key === key)?.label ?? key,
        data: section.rows.slice(0, 12).map((r) => Number(r[key])),
      }),
    ),
  );

async function dimensionSection(
  db: Db,
  period: Period,
  t: T,
  id: SectionId,
  dimension: Dimension,
  valueLabel: string,
  visitsLabel: 'visits' | 'visitsIncluding' | 'entrances',
  label?: (value: string) => string,
): Promise<SectionData> {
  const top = await dimensionTop(
    db,
    period,
    dimension,
    ['devices', 'languages', 'page-types'].includes(id) ? 50 : 20,
  );
  const section: SectionData = {
    id,
    title: t(`analytics.section.${camel(id)}`),
    columns: [
      col(t, 'value', valueLabel, false),
      col(t, 'pageviews', 'pageviews'),
      col(t, 'visits', visitsLabel),
    ],
    rows: top.map((r) => ({ value: r.value, pageviews: r.pageviews, visits: r.visits })),
    label,
  };
  section.chart = bars(section, ['pageviews', 'visits']);
  return section;
}

const camel = (id: string) => id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Builds one section, or all of them for the page. */
export async function buildSection(
  db: Db,
  period: Period,
  lang: Language,
  id: SectionId,
): Promise<SectionData> {
  const t = translator(lang) as T;
  const known = (prefix: string) => (value: string) => {
    const text = t(`${prefix}.${value}`);
    return text === `${prefix}.${value}` ? value : text;
  };
  switch (id) {
    case 'overview': {
      const overview = await webOverview(db, period);
      return {
        id,
        title: t('analytics.figures'),
        columns: [col(t, 'figure', 'kind', false), col(t, 'value', 'value')],
        rows: overviewRows(overview),
      };
    }
    case 'daily':
      return dailySection(db, period, t);
    case 'new-returning':
      return newReturningSection(db, period, t);
    case 'devices':
      return dimensionSection(db, period, t, id, 'device', 'device', 'visits', known('analytics.device'));
    case 'languages':
      return dimensionSection(db, period, t, id, 'lang', 'language', 'visits', known('lang'));
    case 'page-types':
      return dimensionSection(
        db,
        period,
        t,
        id,
        'page_type',
        'pageType',
        'visitsIncluding',
        known('analytics.pageType'),
      );
    case 'services':
      return dimensionSection(db, period, t, id, 'service', 'service', 'visitsIncluding');
    case 'pages':
      return dimensionSection(db, period, t, id, 'page', 'page', 'entrances');
    case 'referrers':
      return dimensionSection(db, period, t, id, 'referrer', 'host', 'entrances');
    case 'excluded': {
      const rows = await excludedByReason(db, period);
      const section: SectionData = {
        id,
        title: t('analytics.section.excluded'),
        columns: [col(t, 'value', 'reason', false), col(t, 'requests', 'requests')],
        rows: rows.map((r) => ({ value: r.reason, requests: r.requests })),
        label: known('analytics.reason'),
      };
      section.chart = bars(section, ['requests']);
      return section;
    }
  }
}

async function dailySection(db: Db, period: Period, t: T): Promise<SectionData> {
  const days = await dailySeries(db, period);
  const section: SectionData = {
    id: 'daily',
    title: t('analytics.section.daily'),
    columns: [
      col(t, 'date', 'date', false),
      col(t, 'users', 'users'),
      col(t, 'visits', 'visits'),
      col(t, 'pageviews', 'pageviews'),
      col(t, 'newVisits', 'newVisits'),
      col(t, 'avgSessionSeconds', 'avgDuration'),
    ],
    rows: days.map((d) => ({ ...d, avgSessionSeconds: round(d.avgSessionSeconds, 1) })),
  };
  section.chart = () =>
    lineChart(
      days.map((d) => d.date),
      (['pageviews', 'visits', 'users'] as const).map((key) => ({
        name: t(`analytics.column.${key}`),
        data: days.map((d) => d[key]),
      })),
    );
  return section;
}

async function newReturningSection(db: Db, period: Period, t: T): Promise<SectionData> {
  const o = await webOverview(db, period);
  const section: SectionData = {
    id: 'new-returning',
    title: t('analytics.section.newReturning'),
    columns: [col(t, 'value', 'kind', false), col(t, 'visits', 'visits'), col(t, 'users', 'users')],
    rows: [
      { value: 'new', visits: o.newVisits, users: o.newUsers },
      { value: 'returning', visits: o.visits - o.newVisits, users: Math.max(0, o.users - o.newUsers) },
    ],
    label: (value) => t(`analytics.newReturning.${value}`),
  };
  section.chart = bars(section, ['visits', 'users']);
  return section;
}

/** Seconds as "5 min 8 s" in the page's language. */
export function formatDuration(lang: Language, seconds: number): string {
  const total = Math.round(seconds);
  return (translator(lang) as T)('analytics.duration', {
    minutes: Math.floor(total / 60),
    seconds: total % 60,
  });
}

export function formatShare(lang: Language, share: number): string {
  return formatNumber(lang, share, { style: 'percent', maximumFractionDigits: 1 });
}
