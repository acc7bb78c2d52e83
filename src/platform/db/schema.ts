// Every table of every module, for Drizzle's relational queries and drizzle-kit.
export * from '../../modules/audit/audit.tables.ts';
export * from '../../modules/statistics/events.tables.ts';
export * from './platform.tables.ts';
