import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { ManualClock } from '../../platform/clock.ts';
import { webFigures } from './figures.repository.ts';
import { addDays, localDate } from './period.ts';

describe('demo pageviews', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase({ demo: true });
  });
  after(() => t.drop());

  it('cover a year before the seeding day, shaped like the reference half-year', async () => {
    // Test snapshots are seeded with a ManualClock at its default time.
    const today = localDate(new ManualClock().now(), 'Asia/Baku');
    const year = await webFigures(t.database.db, { from: addDays(today, -366), to: addDays(today, 1) });
    assert.ok(year.pageviews > 1500 && year.pageviews < 2500, `${year.pageviews} pageviews`);
    const pagesPerVisit = year.pageviews / year.visits;
    assert.ok(pagesPerVisit > 2.8 && pagesPerVisit < 4.2, `${pagesPerVisit} pages per visit`);
    assert.ok(year.avgSessionSeconds > 200 && year.avgSessionSeconds < 450, `${year.avgSessionSeconds} s`);
    const half = await webFigures(t.database.db, { from: addDays(today, -182), to: addDays(today, 1) });
    const newShare = half.newUsers / half.users;
    assert.ok(newShare > 0.1 && newShare < 0.45, `${newShare} new users`);
  });
});
