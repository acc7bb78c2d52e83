import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { navigation } from '../../platform/views/views.ts';
import { engagementRoutes } from './engagement.routes.ts';
import {
  type EngagementRow,
  type ExcludedRow,
  insertEngagement,
  insertExcluded,
  insertLinks,
  insertPageviews,
  type LinkRow,
  type PageviewRow,
  spillAware,
} from './pageviews.repository.ts';
import { registerRecorder } from './recorder.ts';
import { type SessioniseReport, sessionise } from './sessionise.ts';
import { webRoutes } from './web.routes.ts';
import { BatchWriter } from './writer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SESSIONISE_EVERY_MS = 60_000;

export interface AnalyticsRuntime {
  /** Writes every buffered row now. */
  flush(): Promise<void>;
  /** Flushes, then sessionises what was recorded. */
  sessionise(): Promise<SessioniseReport>;
  /** Writes spilled files back; returns the rows replayed. */
  replay(): Promise<number>;
  readonly buffered: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    analytics: AnalyticsRuntime;
  }
}

const asDate = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);
const validDate = (d: Date | undefined): d is Date => !!d && !Number.isNaN(d.getTime());

function revivePageview(raw: unknown): PageviewRow | undefined {
  const row = raw as PageviewRow & { at: unknown };
  const at = asDate(row?.at);
  if (!validDate(at) || typeof row.pageType !== 'string' || typeof row.path !== 'string') return undefined;
  return { ...row, at };
}
function reviveEngagement(raw: unknown): EngagementRow | undefined {
  const row = raw as EngagementRow & { pageviewAt: unknown };
  const at = asDate(row?.pageviewAt);
  if (!validDate(at) || typeof row.visitorKey !== 'string' || !Number.isInteger(row.engagedMs))
    return undefined;
  return { ...row, pageviewAt: at };
}
function reviveExcluded(raw: unknown): ExcludedRow | undefined {
  const row = raw as ExcludedRow;
  return typeof row?.localDate === 'string' && typeof row.reason === 'string' ? row : undefined;
}
function reviveLink(raw: unknown): LinkRow | undefined {
  const row = raw as LinkRow & { linkedAt: unknown };
  const at = asDate(row?.linkedAt);
  if (!validDate(at) || typeof row.visitorKey !== 'string' || typeof row.userKey !== 'string')
    return undefined;
  return { ...row, linkedAt: at };
}

function staticFiles(app: FastifyInstance): void {
  const files: [string, string, string][] = [
    ['/assets/analytics/engagement.js', 'engagement.js', 'text/javascript; charset=utf-8'],
    ['/assets/analytics/analytics.css', 'analytics.css', 'text/css; charset=utf-8'],
  ];
  for (const [url, file, type] of files) {
    const body = fs.readFileSync(path.join(here, 'public', file));
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=86400').send(body),
    );
  }
}

/**
 * First-party web analytics: records pageviews, sessionises them into visits, serves the web section
 * of the statistics. Registered without encapsulation and before the page modules, so that its hooks
 * see every page of the portal.
 */
export async function analyticsModule(app: FastifyInstance): Promise<void> {
  const { config, database, clock, secret } = app.platform;
  const { db } = database;
  const spillDir = path.join(config.dataDir, 'analytics-spill');
  const log = app.log;
  const pageviews = new BatchWriter({
    name: 'pageviews',
    write: spillAware(db, insertPageviews),
    revive: revivePageview,
    spillDir,
    log,
  });
  const engagement = new BatchWriter({
    name: 'engagement',
    write: spillAware(db, insertEngagement),
    revive: reviveEngagement,
    spillDir,
    log,
  });
  const excluded = new BatchWriter({
    name: 'excluded',
    write: spillAware(db, insertExcluded),
    revive: reviveExcluded,
    spillDir,
    log,
  });
  const links = new BatchWriter({
    name: 'links',
    write: spillAware(db, insertLinks),
    revive: reviveLink,
    spillDir,
    log,
  });
  const writers = [pageviews, engagement, excluded, links];

  const flush = async () => {
    await Promise.all(writers.map((w) => w.flush()));
  };
  let running: Promise<SessioniseReport> | undefined;
  const runtime: AnalyticsRuntime = {
    flush,
    sessionise: () => {
      // The SQL path: the portal's event loop serves requests, and the pass in the process holds it for
      // as long as a chunk takes (a second for half a million pageviews). A minute's pageviews are cheap
      // either way; imports sessionise their backlog in their own process (egov stats import).
      running ??= flush()
        .then(() => sessionise(db, { timeZone: config.timeZone, inProcess: false }))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    replay: async () => (await Promise.all(writers.map((w) => w.replay()))).reduce((a, b) => a + b, 0),
    get buffered() {
      return writers.reduce((sum, w) => sum + w.pending, 0);
    },
  };
  app.decorate('analytics', runtime);

  if (config.analytics) {
    const now = () => clock.now();
    const ownHosts = [new URL(config.publicUrl).hostname.toLowerCase()];
    const secureCookies = config.publicUrl.startsWith('https:');
    registerRecorder(app, {
      secret,
      now,
      timeZone: config.timeZone,
      ownHosts,
      secureCookies,
      pageviews,
      excluded,
      links,
    });
    engagementRoutes(app, { secret, now, engagement });
  }
  webRoutes(app);
  staticFiles(app);
  // Until the statistics module owns /statistics, the menu leads to the web section.
  if (!navigation.some((item) => item.key === 'nav.statistics'))
    navigation.push({ key: 'nav.statistics', path: '/statistics/web' });

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    for (const writer of writers) writer.start();
    void runtime.replay().catch(() => undefined);
    timer = setInterval(() => {
      runtime
        .sessionise()
        .catch((error: Error) => log.warn({ message: error.message }, 'sessionising failed'));
    }, SESSIONISE_EVERY_MS);
    timer.unref();
  });
  // preClose runs before the database closes (server.ts closes it in an onClose hook that runs before ours);
  // onClose then writes or spills what requests still in flight recorded.
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running?.catch(() => undefined);
    await flush();
  });
  app.addHook('onClose', async () => {
    await Promise.all(writers.map((w) => w.close()));
  });
}
// Like fastify-plugin: the recording hooks must reach the routes of every other module.
(analyticsModule as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export { cspSafeSvg } from './charts.ts';
export { pageFromPath, pageFromRoute } from './classify.ts';
export { type WebFigures, type WebOverview, webFigures, webOverview } from './figures.repository.ts';
export {
  IMPORTED_PAGEVIEW_COLUMNS,
  type ImportedPageview,
  importedPageviewLine,
} from './pageviews.repository.ts';
export type { Period } from './period.ts';
export { analyticsSeeder } from './seed.ts';
export { resetSessions, type SessioniseOptions, type SessioniseReport, sessionise } from './sessionise.ts';
