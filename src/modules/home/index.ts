import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LangParams, safeLocalPath } from '../../platform/http/schemas.ts';
import { DEFAULT_LANGUAGE } from '../../platform/i18n/i18n.ts';
import { FONT_SIZES } from '../../platform/views/views.ts';
import { homeSections } from '../catalogue/index.ts';

const COOKIES = [
  { name: 'sid', purpose: 'privacy.cookie.session', expiry: 'privacy.expiry.session' },
  { name: '_csrf', purpose: 'privacy.cookie.csrf', expiry: 'privacy.expiry.browser' },
  { name: 'fontSize', purpose: 'privacy.cookie.fontSize', expiry: 'privacy.expiry.year' },
  { name: 'vid', purpose: 'privacy.cookie.visitor', expiry: 'privacy.expiry.year' },
];

const FontSizeBody = Type.Object({
  size: Type.Union(FONT_SIZES.map((s) => Type.Literal(s))),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});

/** The home page, the fixed pages of the shell and the font-size control. */
export async function homeModule(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect(`/${DEFAULT_LANGUAGE}`));

  app.get('/:lang', { schema: { hide: true, params: LangParams } }, async (request, reply) =>
    reply.page('home/views/home.njk', { home: await homeSections(app.catalogue, request.lang) }),
  );

  app.get('/:lang/privacy', { schema: { hide: true, params: LangParams } }, async (_request, reply) =>
    reply.page('home/views/privacy.njk', { cookies: COOKIES }),
  );

  app.get('/:lang/accessibility', { schema: { hide: true, params: LangParams } }, async (_request, reply) =>
    reply.page('home/views/accessibility.njk'),
  );

  // A form, so that it works without JavaScript; remembered for a year.
  app.post(
    '/:lang/font-size',
    { schema: { hide: true, params: LangParams, body: FontSizeBody } },
    async (request, reply) => {
      const { size, back } = request.body as { size: string; back?: string };
      reply.setCookie('fontSize', size, { maxAge: 365 * 24 * 3600, httpOnly: true, signed: false });
      return reply.redirect(safeLocalPath(back, `/${request.lang}`), 303);
    },
  );
}
