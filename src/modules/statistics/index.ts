import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { navigation } from '../../platform/views/views.ts';
import { openDataRoutes } from './open-data.routes.ts';
import { pageRoutes } from './pages.routes.ts';
import { reportRoutes } from './report.routes.ts';
import { rollUp } from './rollup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROLL_UP_EVERY_MS = 60_000;

function staticFiles(app: FastifyInstance): void {
  for (const [file, type] of [
    ['report.js', 'text/javascript; charset=utf-8'],
    ['report.css', 'text/css; charset=utf-8'],
  ] as const) {
    const body = fs.readFileSync(path.join(here, 'public', file));
    app.get(`/assets/statistics/${file}`, { schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=86400').send(body),
    );
  }
}

/** Usage statistics: rollups, the public dashboard, open data, the report, news. */
export async function statisticsModule(app: FastifyInstance): Promise<void> {
  const { database, config } = app.platform;
  // The menu's "Statistics" leads here (analytics added it for its web section until now).
  const entry = navigation.find((item) => item.key === 'nav.statistics');
  if (entry) entry.path = '/statistics';
  else navigation.push({ key: 'nav.statistics', path: '/statistics' });
  pageRoutes(app);
  reportRoutes(app);
  openDataRoutes(app);
  staticFiles(app);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= rollUp(database.db, config.timeZone, app.platform.clock.now())
      .catch((error: Error) => app.log.warn({ message: error.message }, 'statistics rollup failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  app.addHook('onReady', async () => {
    await run();
    timer = setInterval(run, ROLL_UP_EVERY_MS);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}

export { recordEventSoon } from './event-batch.ts';
export {
  CHANNELS,
  type Channel,
  type PortalEvent,
  recordEvent,
  recordEvents,
  SUBJECT_TYPES,
  type SubjectType,
} from './events.ts';
export { type ImportSummary, importEvents } from './import.ts';
export { popularServices, type ServiceUses } from './popular.ts';
export { buildReport, type Report } from './report.ts';
export { rollUp } from './rollup.ts';
export { statisticsSeeder } from './seed.ts';
