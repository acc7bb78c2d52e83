// Every table of every module, for Drizzle's relational queries and drizzle-kit.
export * from '../../modules/analytics/analytics.tables.ts';
export * from '../../modules/audit/audit.tables.ts';
export * from '../../modules/catalogue/catalogue.tables.ts';
export * from '../../modules/documents/documents.tables.ts';
export * from '../../modules/identity/identity.tables.ts';
export * from '../../modules/notifications/outbox.tables.ts';
export * from '../../modules/pki/pki.tables.ts';
export * from '../../modules/services/services.tables.ts';
export * from '../../modules/signatures/signatures.tables.ts';
export * from '../../modules/statistics/events.tables.ts';
export * from '../../modules/statistics/rollups.tables.ts';
export * from './platform.tables.ts';
