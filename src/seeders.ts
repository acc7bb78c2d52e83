import type { Seeder } from './platform/db/seed.ts';

/** Demo data of every module, in dependency order. */
export const demoSeeders: Seeder[] = [];
