import type { Db } from '../../platform/db/client.ts';
import { formatNumber, type Language } from '../../platform/i18n/i18n.ts';
import { webOverview } from '../analytics/index.ts';
import { trendChart } from './charts.ts';
import {
  type Bucket,
  byChannel,
  byDay,
  byMonth,
  bySubjectType,
  catalogueNames,
  cumulative,
  type Filter,
  topAgencies,
  topServices,
  total,
} from './figures.repository.ts';
import { days, type Period, previous } from './period.ts';

const MAX_DAILY_POINTS = 400;

function change(now: number, before: number, lang: Language): string | undefined {
  if (before === 0) return undefined;
  const ratio = (now - before) / before;
  return formatNumber(lang, ratio, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
}

const rowsOf = (buckets: Bucket[], lang: Language) =>
  buckets.map((b) => [{ text: b.key }, { text: formatNumber(lang, b.count), format: 'numeric' }]);

/** What the dashboard (or an agency's or a service's page) shows for a period; rollups only. */
export async function dashboardData(db: Db, period: Period, lang: Language, filter: Filter = {}) {
  const names = await catalogueNames(db);
  const uses = await total(db, 'service_use', period, filter);
  const before = await total(db, 'service_use', previous(period), filter);
  const months = await byMonth(db, 'service_use', period, filter);
  const daily = days(period) <= MAX_DAILY_POINTS ? await byDay(db, 'service_use', period, filter) : [];
  const agencies = filter.agency || filter.service ? [] : await topAgencies(db, period, 10);
  const services = filter.service ? [] : await topServices(db, period, 10, filter);
  const whole = !filter.agency && !filter.service;
  return {
    totals: {
      uses: formatNumber(lang, uses),
      change: change(uses, before, lang),
      days: days(period),
      certificates: whole ? formatNumber(lang, await total(db, 'certificate_issued', period)) : undefined,
      passcodes: whole ? formatNumber(lang, await total(db, 'passcode_issued', period)) : undefined,
      passcodesCumulative: whole
        ? formatNumber(lang, await cumulative(db, 'passcode_issued', period.to))
        : undefined,
    },
    monthly: {
      rows: rowsOf(months, lang),
      chart:
        months.length > 0
          ? await trendChart(
              months.map((m) => m.key),
              months.map((m) => m.count),
              'bar',
            )
          : undefined,
    },
    daily: {
      rows: rowsOf(daily, lang),
      chart:
        daily.length > 0
          ? await trendChart(
              daily.map((d) => d.key),
              daily.map((d) => d.count),
              'line',
            )
          : undefined,
    },
    agencies: agencies.map((a) => ({
      code: a.key,
      name: names.agencies.get(a.key)?.[lang] ?? a.key,
      uses: formatNumber(lang, a.count),
    })),
    services: services.map((s) => ({
      code: s.code,
      name: names.services.get(s.code)?.name[lang] ?? s.code,
      uses: formatNumber(lang, s.count),
    })),
    channels: (await byChannel(db, period, filter)).map((c) => ({
      key: c.key,
      uses: formatNumber(lang, c.count),
    })),
    subjects: whole
      ? (await bySubjectType(db, period)).map((c) => ({ key: c.key, count: formatNumber(lang, c.count) }))
      : [],
    // A live page: above a size, web users are estimated from a sample (usersEstimated, shown as such);
    // the report and open data count them exactly.
    web: whole ? await webOverview(db, period) : undefined,
  };
}
