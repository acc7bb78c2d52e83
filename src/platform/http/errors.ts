import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/client.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { DEFAULT_LANGUAGE, translator } from '../i18n/i18n.ts';

interface ErrorPage {
  status: number;
  title: MessageKey;
  body: MessageKey;
}

const PAGES: Record<string, ErrorPage> = {
  badRequest: { status: 400, title: 'error.badRequest.title', body: 'error.badRequest.body' },
  forbidden: { status: 403, title: 'error.forbidden.title', body: 'error.forbidden.body' },
  noPermission: { status: 403, title: 'error.noPermission.title', body: 'error.noPermission.body' },
  notFound: { status: 404, title: 'error.notFound.title', body: 'error.notFound.body' },
  tooMany: { status: 429, title: 'error.tooMany.title', body: 'error.tooMany.body' },
  server: { status: 500, title: 'error.server.title', body: 'error.server.body' },
  unavailable: { status: 503, title: 'error.unavailable.title', body: 'error.unavailable.body' },
};

/** Machine clients (API, open data, JSON requests) get RFC 9457 problem details instead of a page. */
export function wantsJson(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api/') ||
    request.url.startsWith('/open-data/') ||
    (/application\/(problem\+)?json/.test(request.headers.accept ?? '') &&
      !/text\/html/.test(request.headers.accept ?? ''))
  );
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });
}

export function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: keyof typeof PAGES,
): FastifyReply {
  const page = PAGES[kind] as ErrorPage;
  const t = translator(request.lang);
  if (wantsJson(request))
    return sendProblem(reply, page.status, t(page.title), undefined, { requestId: request.id });
  if (page.status === 503) reply.header('retry-after', '30');
  return reply.code(page.status).page('error.njk', {
    pageTitle: t(page.title),
    body: t(page.body),
    showHome: page.status === 404,
    requestId: page.status >= 500 ? request.id : undefined,
  });
}

function classify(error: FastifyError): keyof typeof PAGES {
  if (isDatabaseUnavailable(error)) return 'unavailable';
  // A path parameter that fails its schema names a page that does not exist.
  if (error.validation && error.validationContext === 'params') return 'notFound';
  const status = error.statusCode ?? 500;
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'tooMany';
  if (status >= 400 && status < 500) return 'badRequest';
  return 'server';
}

/**
 * For requests so malformed that routing failed (bad percent-encoding): no page context exists yet,
 * so a minimal localised page in the default language.
 */
export function sendMalformedRequest(request: FastifyRequest, reply: FastifyReply): void {
  const t = translator(request.lang);
  if (wantsJson(request)) {
    sendProblem(reply, 400, t('error.badRequest.title'));
    return;
  }
  reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(
      `<!DOCTYPE html><html lang="${DEFAULT_LANGUAGE}"><head><meta charset="utf-8"><title>${t('error.badRequest.title')}</title>` +
        `<link rel="stylesheet" href="/assets/app.css"></head><body class="govuk-template__body"><main class="govuk-width-container govuk-main-wrapper">` +
        `<h1 class="govuk-heading-l">${t('error.badRequest.title')}</h1><p class="govuk-body">${t('error.badRequest.body')}</p>` +
        `<p class="govuk-body"><a class="govuk-link" href="/${DEFAULT_LANGUAGE}">${t('error.notFound.home')}</a></p></main></body></html>`,
    );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 'notFound'));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const kind = classify(error);
    if (kind === 'server') request.log.error({ err: error }, 'unhandled error');
    else if (kind === 'unavailable')
      request.log.warn({ code: (error as { code?: string }).code }, 'database unavailable');
    if (wantsJson(request) && kind === 'badRequest' && error.validation) {
      const first = error.validation[0];
      const parameter =
        (first?.params as { missingProperty?: string } | undefined)?.missingProperty ??
        first?.instancePath?.replace(/^\//, '') ??
        undefined;
      return sendProblem(reply, 400, translator(request.lang)('error.badRequest.title'), error.message, {
        parameter: parameter || undefined,
        in: error.validationContext,
      });
    }
    return sendErrorPage(request, reply, kind);
  });
}
