import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { registerDocumentRoutes } from './documents.routes.ts';

/**
 * Documents the portal issues as signed PDFs (e-references and decisions): rendering with the verification
 * code and QR, sealing through the signatures module, and who may fetch them (docs/documents.md).
 */
export async function documentsModule(app: FastifyInstance): Promise<void> {
  registerDocumentRoutes(app);
}

export { documentsOfApplicationList, issuedList } from './documents.routes.ts';
export { documentIssues } from './documents.tables.ts';
export { groupedCode, newVerificationCode, type SealedDocument, sealDocument, storeSealed } from './issue.ts';
export {
  type DecisionFacts,
  decisionLayout,
  type PersonFacts,
  type ReferenceDocumentSpec,
  referenceLayout,
  referenceRows,
  referenceValues,
} from './layouts.ts';
export { type DocumentLayout, renderDocument } from './render.ts';
