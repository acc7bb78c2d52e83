import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueForResident, enqueueMessage } from './outbox.ts';

describe('queueing messages', () => {
  let testDb: TestDatabase;
  const at = new Date('2026-03-01T08:00:00Z');
  const message = {
    template: 'application.decision',
    lang: 'ru' as const,
    data: { reference: 'A-1' },
    dedupeKey: 'decision:A-1',
  };
  const rows = () => testDb.database.db.select().from(outbox).orderBy(outbox.id);

  before(async () => {
    testDb = await createTestDatabase();
  });
  after(async () => testDb.drop());
  beforeEach(async () => {
    await testDb.database.db.delete(outbox);
  });

  it('queues nothing when the transaction rolls back', async () => {
    await assert.rejects(
      testDb.database.db.transaction(async (tx) => {
        await enqueueMessage(tx, { ...message, channel: 'email', recipient: 'a@example.az' }, at);
        throw new Error('the change failed');
      }),
    );
    assert.equal((await rows()).length, 0);
  });

  it('follows the resident’s choice of email, SMS or both, once per channel', async () => {
    const db = testDb.database.db;
    const contact = { email: 'a@example.az', phone: '+994501234567' };
    assert.deepEqual(await enqueueForResident(db, { ...contact, byEmail: true, bySms: true }, message, at), [
      'email',
      'sms',
    ]);
    assert.deepEqual(await enqueueForResident(db, { ...contact, byEmail: true, bySms: true }, message, at), [
      'email',
      'sms',
    ]);
    assert.deepEqual(
      (await rows()).map((r) => [r.channel, r.recipient, r.dedupeKey]),
      [
        ['email', 'a@example.az', 'decision:A-1:email'],
        ['sms', '+994501234567', 'decision:A-1:sms'],
      ],
      'the second call added nothing',
    );
    assert.deepEqual(
      await enqueueForResident(db, { phone: null, byEmail: false, bySms: true }, message, at),
      [],
    );
  });
});
