import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** One OpenAPI document for the JSON API and open data, generated from the route schemas. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'E-Government Portal API',
        version: '1',
        description: 'The catalogue, open data and statistics of the portal, and the API for agency systems.',
        license: { name: 'CC BY 4.0 (data)', url: 'https://creativecommons.org/licenses/by/4.0/' },
      },
      servers: [{ url: publicUrl }],
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/openapi.json', docExpansion: 'list' },
    // The UI ships its own scripts; this CSP is as strict as they allow, and only on /api/docs.
    staticCSP: true,
  });
}
