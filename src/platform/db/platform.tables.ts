import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Which seeders have run, so demo data loads once and later modules' seeders still run on upgrade. */
export const seedRuns = pgTable('seed_runs', {
  name: text('name').primaryKey(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});
