// Every table of every module, for Drizzle's relational queries and drizzle-kit.
export * from './platform.tables.ts';
