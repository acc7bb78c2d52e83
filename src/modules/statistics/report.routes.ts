import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, requireRole } from '../../platform/http/auth.ts';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, type Language, translator } from '../../platform/i18n/i18n.ts';
import { appendAudit } from '../audit/index.ts';
import { addMonths, localToday, parsePeriod, presetPeriod } from './period.ts';
import { buildReport } from './report.ts';
import { reportParagraphs } from './report-text.ts';
import { statNews } from './rollups.tables.ts';

const ReportQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  published: Type.Optional(Type.String({ maxLength: 2 })),
});
const PublishBody = Type.Object({
  from: Type.String({ maxLength: 20 }),
  to: Type.String({ maxLength: 20 }),
  _csrf: Type.Optional(Type.String()),
});
const SlugParams = Type.Object({ ...LangParams.properties, slug: Type.String({ maxLength: 80 }) });
type T = (key: string, values?: Record<string, string | number>) => string;

export function reportRoutes(app: FastifyInstance): void {
  const { database, clock, config } = app.platform;
  const db = database.db;
  const today = () => localToday(clock.now(), config.timeZone);
  // Without dates: the last complete half-year, as the reference article reports.
  const reportPeriod = (query: { from?: string; to?: string }) => {
    const current = presetPeriod('half', today());
    const fallback = { from: addMonths(current.from, -6), to: current.from };
    if (!query.from && !query.to) return { period: fallback };
    return parsePeriod(query, today());
  };
  const write = async (lang: Language, query: { from?: string; to?: string }) => {
    const { period, problem } = reportPeriod(query);
    const report = await buildReport(db, period, config.timeZone, lang);
    return { period, problem, report, paragraphs: reportParagraphs(report, lang, config.timeZone) };
  };

  app.get(
    '/:lang/statistics/report',
    { schema: { hide: true, params: LangParams, querystring: ReportQuery } },
    async (request, reply) => {
      const query = request.query as { from?: string; to?: string; published?: string };
      const { period, problem, paragraphs } = await write(request.lang, query);
      const t = translator(request.lang) as unknown as T;
      if (problem) reply.code(400);
      return reply.page('statistics/views/report.njk', {
        period,
        paragraphs,
        plain: [t('statistics.report.title'), ...paragraphs].join('\n\n'),
        errors: problem ? [{ text: t(`statistics.error.${problem}`), href: '#from' }] : undefined,
        canPublish: hasRole(request.viewer, 'editor') || hasRole(request.viewer, 'portal_admin'),
        published: query.published === '1',
      });
    },
  );

  app.post(
    '/:lang/statistics/report/publish',
    {
      schema: { hide: true, params: LangParams, body: PublishBody },
      preHandler: requireRole('editor', 'portal_admin'),
    },
    async (request, reply) => {
      const body = request.body as { from: string; to: string };
      const { period, problem, paragraphs } = await write(request.lang, body);
      if (problem) return sendErrorPage(request, reply, 'badRequest');
      const t = translator(request.lang) as unknown as T;
      const slug = `statistics-${period.from}-${period.to}-${request.lang}`;
      const now = clock.now();
      await db.transaction(async (tx) => {
        const item = {
          lang: request.lang,
          title: t('statistics.report.title'),
          body: paragraphs.join('\n\n'),
          publishedAt: now,
        };
        await tx
          .insert(statNews)
          .values({ slug, ...item })
          .onConflictDoUpdate({ target: statNews.slug, set: item });
        await appendAudit(
          tx,
          {
            action: 'statistics.report.publish',
            actorAccountId: request.viewer?.accountId,
            subjectType: 'news',
            subjectId: slug,
          },
          now,
        );
      });
      return reply.redirect(
        `/${request.lang}/statistics/report?from=${period.from}&to=${period.to}&published=1`,
        303,
      );
    },
  );

  app.get('/:lang/news', { schema: { hide: true, params: LangParams } }, async (request, reply) => {
    const items = await db
      .select()
      .from(statNews)
      .where(eq(statNews.lang, request.lang))
      .orderBy(desc(statNews.publishedAt))
      .limit(50);
    return reply.page('statistics/views/news.njk', { items: items.map((i) => dated(request, i)) });
  });
  app.get('/:lang/news/:slug', { schema: { hide: true, params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const [item] = await db.select().from(statNews).where(eq(statNews.slug, slug));
    if (!item) return sendErrorPage(request, reply, 'notFound');
    return reply.page('statistics/views/news.njk', {
      item: { ...dated(request, item), paragraphs: item.body.split('\n\n') },
    });
  });

  function dated(request: FastifyRequest, item: typeof statNews.$inferSelect) {
    return { ...item, date: formatDate(request.lang, item.publishedAt, config.timeZone) };
  }
}
