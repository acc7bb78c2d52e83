import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { recordEventSoon } from './event-batch.ts';
import { statEvents } from './events.tables.ts';

describe('events recorded in group commits', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  const use = (serviceCode: string) =>
    ({
      type: 'service_use',
      at: new Date('2026-03-01T10:00:00Z'),
      serviceCode,
      agencyCode: 'SSAC',
      channel: 'api',
      outcome: 'answered',
      userKey: null,
    }) as const;

  it('stores every event of concurrent callers exactly once, committed when each promise resolves', async () => {
    await Promise.all(Array.from({ length: 120 }, () => recordEventSoon(t.database.db, use('BATCH-0001'))));
    const rows = await t.database.db
      .select()
      .from(statEvents)
      .where(eq(statEvents.serviceCode, 'BATCH-0001'));
    assert.equal(rows.length, 120);
  });

  it('keeps working after a failed batch, and the failure reaches its callers', async () => {
    const bad = { ...use('BATCH-0002'), at: new Date(Number.NaN) };
    await assert.rejects(recordEventSoon(t.database.db, bad));
    await recordEventSoon(t.database.db, use('BATCH-0003'));
    const rows = await t.database.db
      .select()
      .from(statEvents)
      .where(eq(statEvents.serviceCode, 'BATCH-0003'));
    assert.equal(rows.length, 1);
  });
});
