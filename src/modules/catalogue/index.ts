import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { navigation } from '../../platform/views/views.ts';
import { registerAdmin } from './admin.routes.ts';
import { registerApi } from './api.routes.ts';
import { Catalogue } from './catalogue.service.ts';
import { registerOpenData } from './open-data.routes.ts';
import { homeSections, registerPages } from './pages.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The catalogue as pages read it (cached); the home page and the service runtime use it. */
    catalogue: Catalogue;
  }
}

/**
 * Agencies, categories and services: public pages, search, JSON API, open data, the admin area.
 * Registered without encapsulation so that `app.catalogue` reaches the home page and other modules.
 */
export async function catalogueModule(app: FastifyInstance): Promise<void> {
  const catalogue = new Catalogue(app.platform.database.db, app.platform.clock);
  app.decorate('catalogue', catalogue);
  for (const item of [
    { key: 'nav.services', path: '/services' },
    { key: 'nav.agencies', path: '/agencies' },
  ] as const)
    if (!navigation.some((n) => n.path === item.path)) navigation.push(item);
  registerPages(app, catalogue);
  registerApi(app, catalogue);
  registerOpenData(app, catalogue);
  registerAdmin(app, catalogue);
}
(catalogueModule as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export type { AgencyRecord, CatalogueFile, ServiceRecord } from './catalogue.model.ts';
export { AUTH_LEVELS, SERVICE_KINDS } from './catalogue.model.ts';
export { findAgency, findService, type ServiceRow } from './catalogue.repository.ts';
export { Catalogue } from './catalogue.service.ts';
export { exportCatalogue } from './export.ts';
export { type ImportReport, importCatalogue } from './import.ts';
export { registerOpenDataSet } from './open-data.routes.ts';
export { catalogueSeeder, NAMED_SERVICES } from './seed.ts';
export { CatalogueImportError } from './validate.ts';
export { homeSections };
