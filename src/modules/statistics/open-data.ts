import type { Db } from '../../platform/db/client.ts';
import { webFigures } from '../analytics/index.ts';
import {
  byChannel,
  byDay,
  byMonth,
  bySubjectType,
  catalogueNames,
  cumulative,
  type Filter,
  type Names,
  topAgencies,
  topServices,
  total,
} from './figures.repository.ts';
import type { Period } from './period.ts';

export type Row = Record<string, string | number>;
export interface ReportQuery extends Filter {
  period: Period;
  limit: number;
  page: number;
}
interface ReportData {
  data: Row[];
  totals: Row;
}
interface ReportDefinition {
  description: string;
  build(db: Db, query: ReportQuery, names: Names): Promise<ReportData>;
}

const localised = (name: Record<string, string> | undefined, code: string) => ({
  name_az: name?.az ?? code,
  name_en: name?.en ?? code,
  name_ru: name?.ru ?? code,
});
const offset = (q: ReportQuery) => (q.page - 1) * q.limit;
const page = <T>(rows: T[], q: ReportQuery) => rows.slice(offset(q), offset(q) + q.limit);
const uses = (db: Db, q: ReportQuery) => total(db, 'service_use', q.period, q);

/** The published reports; each serves JSON and CSV of the same rows (docs/statistics.md). */
export const REPORTS: Record<string, ReportDefinition> = {
  'uses-by-service': {
    description: 'Uses of each e-service in the period, most used first.',
    build: async (db, q, names) => ({
      data: (await topServices(db, q.period, q.limit, q, offset(q))).map((s) => ({
        service_code: s.code,
        agency_code: s.agency,
        ...localised(names.services.get(s.code)?.name, s.code),
        uses: s.count,
      })),
      totals: { uses: await uses(db, q) },
    }),
  },
  'uses-by-agency': {
    description: 'Uses of the e-services of each agency in the period, most used first.',
    build: async (db, q, names) => ({
      data: page(
        (await topAgencies(db, q.period, 100_000)).filter((b) => !q.agency || b.key === q.agency),
        q,
      ).map((b) => ({ agency_code: b.key, ...localised(names.agencies.get(b.key), b.key), uses: b.count })),
      totals: { uses: await uses(db, q) },
    }),
  },
  'uses-by-month': {
    description: 'Uses of e-services per calendar month (local time).',
    build: async (db, q) => ({
      data: page(await byMonth(db, 'service_use', q.period, q), q).map((b) => ({
        month: b.key,
        uses: b.count,
      })),
      totals: { uses: await uses(db, q) },
    }),
  },
  'uses-by-day': {
    description: 'Uses of e-services per day (local time).',
    build: async (db, q) => ({
      data: page(await byDay(db, 'service_use', q.period, q), q).map((b) => ({ date: b.key, uses: b.count })),
      totals: { uses: await uses(db, q) },
    }),
  },
  'uses-by-channel': {
    description: 'Uses of e-services by channel: web, sms, api, mobile.',
    build: async (db, q) => ({
      data: page(await byChannel(db, q.period, q), q).map((b) => ({ channel: b.key, uses: b.count })),
      totals: { uses: await uses(db, q) },
    }),
  },
  certificates: {
    description: 'E-signature certificates issued in the period by subject type (state, person, legal).',
    build: async (db, q) => ({
      data: page(await bySubjectType(db, q.period), q).map((b) => ({
        subject_type: b.key,
        certificates: b.count,
      })),
      totals: {
        certificates: await total(db, 'certificate_issued', q.period),
        cumulative_certificates: await cumulative(db, 'certificate_issued', q.period.to),
      },
    }),
  },
  passcodes: {
    description: 'Passcodes issued per month in the period, and in total up to its end.',
    build: async (db, q) => ({
      data: page(await byMonth(db, 'passcode_issued', q.period), q).map((b) => ({
        month: b.key,
        passcodes: b.count,
      })),
      totals: {
        passcodes: await total(db, 'passcode_issued', q.period),
        cumulative_passcodes: await cumulative(db, 'passcode_issued', q.period.to),
      },
    }),
  },
  web: {
    description: 'Portal web figures: users, visits, pageviews, average visit length, new visits.',
    build: async (db, q) => {
      const w = await webFigures(db, q.period);
      const row = {
        users: w.users,
        visits: w.visits,
        pageviews: w.pageviews,
        avg_session_seconds: Math.round(w.avgSessionSeconds * 10) / 10,
        new_visits: w.newVisits,
        new_visit_share: Math.round(w.newVisitShare * 10_000) / 10_000,
        new_users: w.newUsers,
      };
      return { data: [row], totals: row };
    },
  },
};

export async function runReport(db: Db, name: string, query: ReportQuery, takenAt: Date) {
  const definition = REPORTS[name] as ReportDefinition;
  const { data, totals } = await definition.build(db, query, await catalogueNames(db));
  return {
    name,
    query: {
      from: query.period.from,
      to: query.period.to,
      ...(query.agency ? { agency: query.agency } : {}),
      limit: query.limit,
      page: query.page,
    },
    meta: { name, description: definition.description },
    data,
    totals,
    taken_at: takenAt.toISOString(),
  };
}

const cell = (v: string | number) => {
  const s = String(v);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function toCsv(rows: Row[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0] as Row);
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}
