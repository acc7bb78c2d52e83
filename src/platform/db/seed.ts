import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Database } from './client.ts';
import { seedRuns } from './platform.tables.ts';

export interface SeedContext {
  database: Database;
  clock: Clock;
  secret: string;
  log: Pick<FastifyBaseLogger, 'info'>;
  /** 'demo' is what `npm start` shows; 'test' is a smaller cut of the same generators for test snapshots. */
  profile: 'demo' | 'test';
}

/** Demo data of one module. Runs once per database, in the order given, like a migration. */
export interface Seeder {
  name: string;
  run(context: SeedContext): Promise<void>;
}

/** Runs what has not run yet; `shouldStop` is asked between seeders, so a shutdown never cuts one in half. */
export async function runSeeders(
  seeders: Seeder[],
  context: SeedContext,
  shouldStop: () => boolean = () => false,
): Promise<string[]> {
  const { db } = context.database;
  const done = new Set((await db.select({ name: seedRuns.name }).from(seedRuns)).map((r) => r.name));
  const ran: string[] = [];
  for (const seeder of seeders) {
    if (done.has(seeder.name)) continue;
    if (shouldStop()) break;
    const started = Date.now();
    await seeder.run(context);
    await db.insert(seedRuns).values({ name: seeder.name }).onConflictDoNothing();
    context.log.info({ seeder: seeder.name, ms: Date.now() - started }, 'demo data loaded');
    ran.push(seeder.name);
  }
  return ran;
}
