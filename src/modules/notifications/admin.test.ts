import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { auditLog } from '../audit/index.ts';
import { maskRecipient } from './admin.routes.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueMessage } from './outbox.ts';
import { emailTransport, smsTransport } from './transports.ts';
import { createOutboxWorker } from './worker.ts';

describe('notifications staff pages', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => t.close());

  it('lists the outbox with masked recipients and retries a dead letter, with an audit entry', async () => {
    const at = t.clock.now();
    await enqueueMessage(
      t.database.db,
      {
        channel: 'email',
        recipient: 'leyla@example.az',
        template: 'passcode.code',
        lang: 'az',
        data: { code: '123456' },
      },
      at,
    );
    const [row] = await t.database.db.select().from(outbox);
    await t.database.db
      .update(outbox)
      .set({ status: 'dead', attempts: 6, lastError: 'connection refused' })
      .where(eq(outbox.id, row?.id as number));

    const admin = await createStaff(t.database, { roles: [{ role: 'portal_admin' }] });
    const browser = await loginAs(t.app, admin);
    const page = await browser.get('/en/admin/notifications?status=dead');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /l\*\*\*@example\.az/);
    assert.doesNotMatch(page.body, /leyla@example\.az/, 'no full address on the staff page');
    assert.match(page.body, /connection refused/);

    const retried = await browser.post(`/en/admin/notifications/${row?.id}/retry`, {});
    assert.equal(retried.statusCode, 303);
    assert.equal(retried.headers.location, '/en/admin/notifications?done=retried');
    const [after] = await t.database.db.select().from(outbox);
    assert.deepEqual([after?.status, after?.attempts], ['pending', 0]);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'notifications.dead_letter_retried'));
    assert.equal(audit.length, 1);

    const again = await browser.post(`/en/admin/notifications/${row?.id}/retry`, {});
    assert.equal(again.headers.location, '/en/admin/notifications?done=notDead', 'only dead letters');
    const bad = await browser.post('/en/admin/notifications/abc/retry', {});
    assert.equal(bad.statusCode, 404);
  });

  it('shows demo messages in the sink once the worker has "sent" them', async () => {
    await t.database.db.delete(outbox);
    await enqueueMessage(
      t.database.db,
      {
        channel: 'sms',
        recipient: '+994501234567',
        template: 'passcode.code',
        lang: 'ru',
        data: { code: '987654', minutes: 10 },
      },
      t.clock.now(),
    );
    const settings = { mailFrom: 'x@egov.test', smsHmacKey: 'k'.repeat(32), messageIdHost: 'egov.test' };
    const worker = createOutboxWorker({
      db: t.database.db,
      clock: t.clock,
      transports: { email: emailTransport(settings), sms: smsTransport(settings) },
    });
    assert.equal((await worker.runOnce()).sent, 1);
    await worker.stop();
    const admin = await createStaff(t.database, { roles: [{ role: 'portal_admin' }] });
    const browser = await loginAs(t.app, admin, 'ru');
    const sink = await browser.get('/ru/admin/notifications/sink');
    assert.equal(sink.statusCode, 200);
    assert.match(sink.body, /ваш код для пароля 987654\. Действует 10 минут/);
  });

  it('keeps residents and other staff out', async () => {
    const resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    assert.equal((await browser.get('/en/admin/notifications')).statusCode, 403);
    const editor = await createStaff(t.database, { roles: [{ role: 'editor' }] });
    const editorBrowser = await loginAs(t.app, editor);
    assert.equal((await editorBrowser.get('/en/admin/notifications/sink')).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/en/admin/notifications' })).statusCode, 303);
  });

  it('masks recipients', () => {
    assert.equal(maskRecipient('leyla@example.az'), 'l***@example.az');
    assert.equal(maskRecipient('+994501234567'), '***4567');
  });
});
