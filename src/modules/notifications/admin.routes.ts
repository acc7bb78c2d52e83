import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireRole, type Viewer } from '../../platform/http/auth.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate, isLanguage, type Language } from '../../platform/i18n/i18n.ts';
import { appendAudit } from '../audit/index.ts';
import { countByStatus, listOutbox, type OutboxRow, retryDead } from './outbox.repository.ts';
import { type Rendered, renderMessage } from './templates.ts';

const STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
const ListQuery = Type.Object({
  status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const RetryParams = Type.Object({
  lang: LangParams.properties.lang,
  id: Type.String({ pattern: '^[0-9]{1,15}$' }),
});
const RetryBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 2000 })) });

/** Staff see recipients only in part: enough to tell messages apart, not to harvest contacts. */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient.slice(0, 1)}***${recipient.slice(at)}`;
  return `***${recipient.slice(-4)}`;
}

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

function sinkEntry(row: OutboxRow, lang: Language, timeZone: string) {
  let rendered: Rendered | undefined;
  try {
    rendered = isLanguage(row.lang) ? renderMessage(row.template, row.lang, row.data) : undefined;
  } catch {
    rendered = undefined; // a template removed since: show the row without its text
  }
  return {
    sent: row.sentAt ? formatDate(lang, row.sentAt, timeZone, WHEN) : '',
    channel: row.channel,
    recipient: row.recipient,
    subject: row.channel === 'email' ? rendered?.subject : '',
    text: rendered?.text ?? '',
  };
}

/** portal_admin: the outbox with its dead letters, and the demo sink of messages that went nowhere. */
export function adminRoutes(app: FastifyInstance): void {
  const { database, clock, config } = app.platform;
  const guard = requireRole('portal_admin');

  app.get(
    '/:lang/admin/notifications',
    { schema: { hide: true, params: LangParams, querystring: ListQuery }, preHandler: guard },
    async (request, reply) => {
      const { status, done } = request.query as { status?: string; done?: string };
      const rows = await listOutbox(database.db, { status, limit: 100 });
      return reply.header('cache-control', 'no-store').page('notifications/views/outbox.njk', {
        statuses: STATUSES,
        counts: await countByStatus(database.db),
        status,
        retried: done === 'retried',
        problem: done === 'notDead',
        messages: rows.map((row) => ({
          ...row,
          recipient: maskRecipient(row.recipient),
          created: formatDate(request.lang, row.createdAt, config.timeZone, WHEN),
        })),
      });
    },
  );

  app.post(
    '/:lang/admin/notifications/:id/retry',
    { schema: { hide: true, params: RetryParams, body: RetryBody }, preHandler: guard },
    async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      const viewer = request.viewer as Viewer;
      const now = clock.now();
      const retried = await database.db.transaction(async (tx) => {
        if (!(await retryDead(tx, id, now))) return false;
        await appendAudit(
          tx,
          {
            action: 'notifications.dead_letter_retried',
            actorAccountId: viewer.accountId,
            actorRole: 'portal_admin',
            subjectType: 'notification',
            subjectId: String(id),
          },
          now,
        );
        return true;
      });
      const done = retried ? 'retried' : 'notDead';
      return reply.redirect(`/${request.lang}/admin/notifications?done=${done}`, 303);
    },
  );

  app.get(
    '/:lang/admin/notifications/sink',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (request, reply) => {
      const rows = await listOutbox(database.db, { status: 'sent', demoOnly: true, limit: 200 });
      return reply.header('cache-control', 'no-store').page('notifications/views/sink.njk', {
        messages: rows.map((row) => sinkEntry(row, request.lang, config.timeZone)),
      });
    },
  );
}
