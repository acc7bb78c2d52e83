import type { Db } from '../../platform/db/client.ts';
import { webFigures } from '../analytics/index.ts';
import {
  byChannel,
  byMonth,
  bySubjectType,
  catalogueNames,
  cumulative,
  distinctUsers,
  topAgencies,
  topServices,
  total,
} from './figures.repository.ts';
import { localMidnightIso, type Period } from './period.ts';

export interface Report {
  period: { from: string; to: string };
  uses: {
    total: number;
    byMonth: { month: string; uses: number }[];
    byChannel: { web: number; sms: number; api: number; mobile: number };
    topAgencies: { code: string; name: string; uses: number }[];
    topServices: { code: string; agency: string; name: string; uses: number }[];
    distinctUsers: number;
  };
  web: {
    users: number;
    visits: number;
    pageviews: number;
    avgSessionSeconds: number;
    newVisits: number;
    newVisitShare: number;
    newUsers: number;
  };
  certificates: { state: number; person: number; legal: number; total: number; cumulativeTotal: number };
  passcodes: { inPeriod: number; cumulative: number };
}

/** Every figure of the half-year article, from rollups (and raw events for exact distinct users). */
export async function buildReport(db: Db, period: Period, timeZone: string, lang: string): Promise<Report> {
  const from = localMidnightIso(period.from, timeZone);
  const to = localMidnightIso(period.to, timeZone);
  const names = await catalogueNames(db);
  const channels = Object.fromEntries((await byChannel(db, period)).map((b) => [b.key, b.count]));
  const subjects = Object.fromEntries((await bySubjectType(db, period)).map((b) => [b.key, b.count]));
  const certificates = {
    state: subjects.state ?? 0,
    person: subjects.person ?? 0,
    legal: subjects.legal ?? 0,
    total: await total(db, 'certificate_issued', period),
    cumulativeTotal: await cumulative(db, 'certificate_issued', period.to),
  };
  const web = await webFigures(db, period);
  return {
    period: { from, to },
    uses: {
      total: await total(db, 'service_use', period),
      byMonth: (await byMonth(db, 'service_use', period)).map((b) => ({ month: b.key, uses: b.count })),
      byChannel: {
        web: channels.web ?? 0,
        sms: channels.sms ?? 0,
        api: channels.api ?? 0,
        mobile: channels.mobile ?? 0,
      },
      topAgencies: (await topAgencies(db, period, 10)).map((b) => ({
        code: b.key,
        name: names.agencies.get(b.key)?.[lang] ?? b.key,
        uses: b.count,
      })),
      topServices: (await topServices(db, period, 10)).map((s) => ({
        code: s.code,
        agency: s.agency,
        name: names.services.get(s.code)?.name[lang] ?? s.code,
        uses: s.count,
      })),
      distinctUsers: await distinctUsers(db, period, timeZone),
    },
    web: {
      users: web.users,
      visits: web.visits,
      pageviews: web.pageviews,
      avgSessionSeconds: web.avgSessionSeconds,
      newVisits: web.newVisits,
      newVisitShare: web.newVisitShare,
      newUsers: web.newUsers,
    },
    certificates,
    passcodes: {
      inPeriod: await total(db, 'passcode_issued', period),
      cumulative: await cumulative(db, 'passcode_issued', period.to),
    },
  };
}
