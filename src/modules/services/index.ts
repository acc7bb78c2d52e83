import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import './messages.signature.ts';
import './messages.files.ts';
import { registerUploads } from '../../platform/http/uploads.ts';
import { registerAccountRoutes } from './account.routes.ts';
import { registerApplyRoutes } from './apply.routes.ts';
import { registerExternalRoutes } from './external.routes.ts';
import { registerFileRoutes } from './files.routes.ts';
import { registerLookupRoutes } from './lookup.routes.ts';
import { registerReferenceRoutes } from './reference.routes.ts';
import { registerSignRoutes } from './sign.routes.ts';
import { MAX_FILE_BYTES } from './uploads.ts';

/**
 * The e-service runtime: start pages, lookups (page and JSON), applications with drafts and receipts,
 * "My applications". Definitions are data (service_definitions), so agencies publish without a release.
 */
export async function servicesModule(app: FastifyInstance): Promise<void> {
  registerLookupRoutes(app);
  registerExternalRoutes(app);
  // The form takes file uploads: multipart is parsed in this scope only (the _csrf field comes in the body).
  await app.register(async (scope) => {
    await registerUploads(scope, { fileSize: MAX_FILE_BYTES, files: 10, fields: 200, fieldSize: 64 * 1024 });
    registerApplyRoutes(scope);
  });
  registerSignRoutes(app);
  registerFileRoutes(app);
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(fileURLToPath(import.meta.url)), 'static'),
    prefix: '/services/static/',
    decorateReply: false,
    maxAge: '1d',
    index: false,
  });
  registerAccountRoutes(app);
  registerReferenceRoutes(app);
}

export { applicationView, statusText } from './account.routes.ts';
export { type ApplicationRow, applicationsOfPerson } from './applications.service.ts';
export { assignApplication } from './assign.ts';
export {
  DatasetError,
  type DatasetProblem,
  datasetHead,
  datasetsOfAgency,
  readDataset,
  replaceDataset,
} from './datasets.ts';
export { decideWithDocument } from './decision-document.ts';
export type { ServiceDefinition, StoredDefinition } from './definition.model.ts';
export { DefinitionError, definitionProblems, loadDefinition, saveDefinition } from './definitions.ts';
export { servicesSeeder } from './demo/seed.ts';
export { applicationFile, sendFile } from './files.routes.ts';
export { answerLookup, runLookup } from './lookup.service.ts';
export {
  applicationEvents,
  applicationFiles,
  applications,
  registryDatasets,
  registryRows,
  serviceDefinitions,
} from './services.tables.ts';
export { type SignatureVerdict, signatureVerdict } from './signature-verdict.ts';
export {
  agencyApplication,
  claimApplication,
  type Decision,
  decideApplication,
  OPEN_STATUSES,
  respondToRequest,
} from './workflow.ts';
