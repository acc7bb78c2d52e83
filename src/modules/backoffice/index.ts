import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { registerAssignRoutes } from './assign.routes.ts';
import { registerBackofficeRoutes } from './backoffice.routes.ts';
import { registerDatasetRoutes } from './datasets.routes.ts';

/** Agency officers' work: the queue, reading, claiming and deciding applications; dataset uploads. */
export async function backofficeModule(app: FastifyInstance): Promise<void> {
  registerBackofficeRoutes(app);
  registerAssignRoutes(app);
  registerDatasetRoutes(app);
}
