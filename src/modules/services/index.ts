import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { registerAccountRoutes } from './account.routes.ts';
import { registerApplyRoutes } from './apply.routes.ts';
import { registerLookupRoutes } from './lookup.routes.ts';

/**
 * The e-service runtime: start pages, lookups (page and JSON), applications with drafts and receipts,
 * "My applications". Definitions are data (service_definitions), so agencies publish without a release.
 */
export async function servicesModule(app: FastifyInstance): Promise<void> {
  registerLookupRoutes(app);
  registerApplyRoutes(app);
  registerAccountRoutes(app);
}

export { applicationView, statusText } from './account.routes.ts';
export { type ApplicationRow, applicationsOfPerson } from './applications.service.ts';
export {
  DatasetError,
  type DatasetProblem,
  datasetHead,
  datasetsOfAgency,
  readDataset,
  replaceDataset,
} from './datasets.ts';
export type { ServiceDefinition, StoredDefinition } from './definition.model.ts';
export { DefinitionError, definitionProblems, loadDefinition, saveDefinition } from './definitions.ts';
export { servicesSeeder } from './demo/seed.ts';
export { answerLookup, runLookup } from './lookup.service.ts';
export {
  applicationEvents,
  applications,
  registryDatasets,
  registryRows,
  serviceDefinitions,
} from './services.tables.ts';
export {
  agencyApplication,
  claimApplication,
  type Decision,
  decideApplication,
  OPEN_STATUSES,
  respondToRequest,
} from './workflow.ts';
