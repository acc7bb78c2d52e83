import type { FastifyInstance } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
  }
}

/** The language is the first path segment; pages without one (and error pages for them) use the default. */
export function registerLanguage(app: FastifyInstance): void {
  app.decorateRequest('lang', DEFAULT_LANGUAGE);
  app.addHook('onRequest', async (request) => {
    const first = request.url.slice(1).split(/[/?]/, 1)[0];
    request.lang = isLanguage(first) ? first : DEFAULT_LANGUAGE;
  });
}
