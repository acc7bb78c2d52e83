import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import {
  DEFAULT_LANGUAGE,
  formatNumber,
  isLanguage,
  LANGUAGES,
  type Language,
  type MessageKey,
  translator,
} from '../i18n/i18n.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const FONT_SIZES = ['small', 'normal', 'large'] as const;
export type FontSize = (typeof FONT_SIZES)[number];

export interface NavigationItem {
  key: MessageKey;
  path: string;
}

/** Service navigation entries; modules add theirs as they are registered. */
export const navigation: NavigationItem[] = [];

export function createViewEnvironment(options: { watch: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [
      path.join(root, 'src/platform/views/templates'),
      path.join(root, 'src/modules'),
      path.join(root, 'node_modules/govuk-frontend/dist'),
    ],
    { noCache: options.watch, watch: false },
  );
  // trim/lstrip drop the template's own indentation from the output: a third less to send on every page.
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('number', (value: number, lang: Language) => formatNumber(lang, value));
  return env;
}

/** The part of a URL after the language prefix, so the language switch keeps the same page. */
export function pathWithoutLanguage(url: string): string {
  const match = /^\/(az|en|ru)(?=\/|\?|$)/.exec(url);
  return match ? url.slice(match[0].length) : '';
}

/** A script a module adds at the end of a page's body (the engagement beacon), with its data attributes. */
export interface PageScript {
  src: string;
  data: Record<string, string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Asked, in order, as each page is rendered, for a script to add to it (or none). Deciding here rather
     * than rewriting the rendered page in onSend saves copying every page once more.
     */
    pageScripts: ((request: FastifyRequest, reply: FastifyReply) => PageScript | undefined)[];
  }
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, assetVersion: string) {
  const lang = isLanguage(request.lang) ? request.lang : DEFAULT_LANGUAGE;
  const rest = pathWithoutLanguage(request.url);
  const sizeCookie = request.cookies.fontSize;
  const fontSize: FontSize = (FONT_SIZES as readonly string[]).includes(sizeCookie ?? '')
    ? (sizeCookie as FontSize)
    : 'normal';
  const t = translator(lang);
  const currentPath = request.url.split('?')[0] ?? '/';
  return {
    lang,
    t,
    fontSize,
    demoDataLoading: request.server.platform.demoDataLoading === true,
    assetVersion,
    cspNonce: reply.cspNonce,
    csrfToken: reply.generateCsrf(),
    viewer: request.viewer,
    bodyScripts: request.server.pageScripts.flatMap((script) => script(request, reply) ?? []),
    currentUrl: request.url.length <= 2000 ? request.url : `/${lang}`,
    languages: LANGUAGES.map((code) => ({
      code,
      lang: code,
      text: t(`lang.${code}`),
      href: `/${code}${rest}`,
      current: code === lang,
    })),
    navigation: navigation.map((item) => ({
      text: t(item.key),
      href: `/${lang}${item.path}`,
      active: currentPath.startsWith(`/${lang}${item.path}`),
    })),
  };
}
