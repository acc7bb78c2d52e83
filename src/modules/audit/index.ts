// Public face of the audit module: other modules record entries through appendAudit inside their own transaction.

export { type AuditRow, personalSecurityLog, staffAccessToPerson } from './audit.queries.ts';
export { type AuditEntry, appendAudit, type ChainReport, verifyChain } from './audit.repository.ts';
export { auditLog } from './audit.tables.ts';
