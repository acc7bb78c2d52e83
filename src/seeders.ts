import { analyticsSeeder } from './modules/analytics/index.ts';
import { catalogueSeeder } from './modules/catalogue/seed.ts';
import { identitySeeder } from './modules/identity/index.ts';
import { pkiSeeder } from './modules/pki/index.ts';
import { servicesSeeder } from './modules/services/index.ts';
import { statisticsSeeder } from './modules/statistics/index.ts';
import type { Seeder } from './platform/db/seed.ts';

/** Demo data of every module, in dependency order. */
export const demoSeeders: Seeder[] = [
  catalogueSeeder,
  identitySeeder,
  servicesSeeder,
  analyticsSeeder,
  statisticsSeeder,
  pkiSeeder,
];
