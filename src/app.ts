import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { analyticsModule } from './modules/analytics/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { backofficeModule } from './modules/backoffice/index.ts';
import { catalogueModule } from './modules/catalogue/index.ts';
import { documentsModule } from './modules/documents/index.ts';
import { healthModule } from './modules/health/index.ts';
import { homeModule } from './modules/home/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { caChain, certificateStatusAt, certificatesWithPublicKey, pkiModule } from './modules/pki/index.ts';
import { answerLookup, servicesModule } from './modules/services/index.ts';
import { signaturesModule } from './modules/signatures/index.ts';
import { statisticsModule } from './modules/statistics/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/client.ts';
import { registerErrorHandling, sendMalformedRequest } from './platform/http/errors.ts';
import { registerLanguage } from './platform/http/language.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { logSerializers, requestId } from './platform/http/request-id.ts';
import { enforceCsrf, registerSecurity } from './platform/http/security.ts';
import { assetVersion } from './platform/views/assets.ts';
import { createViewEnvironment, pageContext } from './platform/views/views.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What every module receives: the technical services of the platform, nothing more. */
export interface Platform {
  config: Config;
  database: Database;
  clock: Clock;
  secret: string;
  /** Set while demo data loads after the server started listening; pages show a notice. */
  demoDataLoading?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export interface BuildOptions {
  /** A shared pino instance (the server's); without one the app logs by the configured level. */
  loggerInstance?: FastifyBaseLogger;
}

/** The composition root: platform services first, then modules, each a Fastify plugin. */
export async function buildApp(platform: Platform, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: { level: platform.config.logLevel, serializers: logSerializers } }),
    genReqId: requestId,
    trustProxy: platform.config.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'malformed request');
      sendMalformedRequest(request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('platform', platform);
  app.decorate('pageScripts', []);
  registerLanguage(app);
  await registerSecurity(app, {
    secret: platform.secret,
    secureCookies: platform.config.publicUrl.startsWith('https:'),
  });
  enforceCsrf(app);
  registerErrorHandling(app);
  await registerOpenApi(app, platform.config.publicUrl);

  const views = createViewEnvironment({ watch: false });
  const version = assetVersion();
  app.decorateReply('page', function (template: string, data: Record<string, unknown> = {}) {
    const html = views.render(template, { ...pageContext(this.request, this, version), ...data });
    return this.type('text/html; charset=utf-8').send(html);
  });

  await app.register(fastifyStatic, {
    root: [path.join(root, 'public/build'), path.join(root, 'assets')],
    prefix: '/assets/',
    maxAge: '1d',
    index: false,
    allowedPath: (pathName) => !pathName.endsWith('.scss'),
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/govuk-frontend/dist/govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    maxAge: '1d',
    index: false,
    allowedPath: (pathName) =>
      pathName === '/govuk-frontend.min.js' || pathName.startsWith('/assets/images/'),
  });

  await app.register(auditModule);
  await app.register(analyticsModule);
  await app.register(healthModule);
  // Login with a certificate reads the certification centre's data; passed here because pki imports identity.
  await app.register(identityModule, {
    certificates: { caChain, certificateStatusAt, certificatesWithPublicKey },
  });
  await app.register(catalogueModule);
  await app.register(homeModule);
  await app.register(servicesModule);
  await app.register(backofficeModule);
  await app.register(documentsModule);
  await app.register(statisticsModule);
  // The SMS channel answers through the e-service runtime; passed here so the two modules do not import each other.
  await app.register(notificationsModule, { lookup: answerLookup });
  await app.register(pkiModule);
  await app.register(signaturesModule);
  return app;
}
