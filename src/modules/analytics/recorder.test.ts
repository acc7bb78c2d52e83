import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Viewer } from '../../platform/http/auth.ts';
import type { ExcludedRow, LinkRow, PageviewRow } from './pageviews.repository.ts';
import { registerRecorder, visitorKeyOfCookie } from './recorder.ts';

const SECRET = 'recorder-test-secret-that-is-long-enough';
const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const HTML = '<!DOCTYPE html><html><body><p>page</p></body></html>';

describe('recording pageviews', () => {
  let app: FastifyInstance;
  const pageviews: PageviewRow[] = [];
  const excluded: ExcludedRow[] = [];
  const links: LinkRow[] = [];
  const viewer = { pseudonym: 'account-pseudonym' } as Viewer;

  before(async () => {
    app = Fastify();
    await app.register(fastifyCookie);
    app.decorateRequest('lang', 'az');
    app.decorate('pageScripts', []);
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-test-login']) request.viewer = viewer;
    });
    registerRecorder(app, {
      secret: SECRET,
      now: () => new Date('2026-03-02T08:00:00Z'),
      timeZone: 'Asia/Baku',
      ownHosts: ['portal.example'],
      secureCookies: true,
      pageviews: { push: (row) => pageviews.push(row) },
      excluded: { push: (row) => excluded.push(row) },
      links: { push: (row) => links.push(row) },
    });
    // As reply.page does: the page scripts are asked as the page is rendered, and go before </body>.
    const html = async (request: FastifyRequest, reply: FastifyReply) => {
      const scripts = app.pageScripts
        .flatMap((script) => script(request, reply) ?? [])
        .map(
          (script) => `<script defer src="${script.src}" data-pageview="${script.data.pageview}"></script>`,
        );
      return reply
        .type('text/html; charset=utf-8')
        .send(HTML.replace('</body>', `${scripts.join('')}</body>`));
    };
    app.get('/:lang', html);
    app.get('/:lang/services/:code', html);
    app.get('/:lang/applications/:receipt', html);
    app.get('/:lang/custom', { config: { pageType: 'news' } }, html);
    app.get('/:lang/missing', async (_request, reply) => reply.code(404).type('text/html').send(HTML));
    app.get('/:lang/data.json', async () => ({ ok: true }));
    app.post('/:lang', html);
    await app.ready();
  });
  after(() => app.close());
  beforeEach(() => {
    pageviews.length = 0;
    excluded.length = 0;
    links.length = 0;
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ url, headers: { 'user-agent': BROWSER, ...headers } });

  it('records a page with its kind, service, language and device, and sets a first-party visitor cookie', async () => {
    const res = await get('/ru/services/MLSPP-0001', { referer: 'https://www.google.com/search?q=fin' });
    const cookie = res.cookies.find((c) => c.name === 'vid');
    assert.ok(cookie);
    assert.match(cookie.value, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(cookie.maxAge, 365 * 24 * 3600);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(pageviews.length, 1);
    const row = pageviews[0] as PageviewRow;
    assert.equal(row.visitorKey, visitorKeyOfCookie(SECRET, cookie.value));
    assert.notEqual(row.visitorKey, cookie.value, 'the cookie value itself is never stored');
    assert.deepEqual(
      { ...row, visitorKey: undefined },
      {
        at: new Date('2026-03-02T08:00:00Z'),
        visitorKey: undefined,
        pageType: 'service',
        serviceCode: 'MLSPP-0001',
        agencyCode: undefined,
        path: '/services/MLSPP-0001',
        lang: 'az',
        device: 'mobile',
        referrerHost: 'google.com',
        source: 'web',
      },
    );
    assert.match(
      res.body,
      /<script defer src="\/assets\/analytics\/engagement.js" data-pageview="[\w.-]+"><\/script><\/body>/,
    );
  });

  it('keeps the same visitor with the cookie and never stores private path parameters', async () => {
    await get('/az', { cookie: 'vid=AAAAAAAAAAAAAAAAAAAAAA' });
    const res = await get('/az/applications/R-2026-000123', {
      cookie: 'vid=AAAAAAAAAAAAAAAAAAAAAA',
      referer: 'https://portal.example/az',
    });
    assert.equal(res.cookies.length, 0);
    assert.equal(pageviews[0]?.visitorKey, pageviews[1]?.visitorKey);
    assert.equal(pageviews[1]?.path, '/applications/:receipt');
    assert.equal(pageviews[1]?.referrerHost, null, 'our own pages are not referrers');
  });

  it('replaces forged or oversized cookies instead of trusting them', async () => {
    for (const value of ['short', 'x'.repeat(4000), '<script>alert(1)</script>', '%%%']) {
      const res = await get('/az', { cookie: `vid=${value}` });
      assert.equal(res.statusCode, 200);
      assert.match(res.cookies.find((c) => c.name === 'vid')?.value ?? '', /^[A-Za-z0-9_-]{22}$/);
    }
    assert.equal(pageviews.length, 4);
  });

  it('respects Do Not Track and Global Privacy Control: no cookie, an anonymous view, no beacon', async () => {
    for (const headers of [{ dnt: '1' }, { 'sec-gpc': '1' }] as Record<string, string>[]) {
      const res = await get('/en', { ...headers, cookie: 'vid=AAAAAAAAAAAAAAAAAAAAAA' });
      assert.equal(
        res.cookies.find((c) => c.name === 'vid')?.value ?? '',
        '',
        'an existing cookie is removed',
      );
      assert.doesNotMatch(res.body, /engagement\.js/);
    }
    assert.deepEqual(
      pageviews.map((p) => p.visitorKey),
      [null, null],
    );
  });

  it('uses the account pseudonym when logged in and links the browser to it', async () => {
    await get('/az', { 'x-test-login': '1', cookie: 'vid=BBBBBBBBBBBBBBBBBBBBBB' });
    await get('/az', { 'x-test-login': '1', cookie: 'vid=BBBBBBBBBBBBBBBBBBBBBB' });
    assert.deepEqual(
      pageviews.map((p) => p.visitorKey),
      ['account-pseudonym', 'account-pseudonym'],
    );
    assert.equal(links.length, 1, 'linked once, not on every page');
    assert.equal(links[0]?.visitorKey, visitorKeyOfCookie(SECRET, 'BBBBBBBBBBBBBBBBBBBBBB'));
    assert.equal(links[0]?.userKey, 'account-pseudonym');
  });

  it('leaves out bots, requests without a user agent and cookieless prefetches, counting them apart', async () => {
    await get('/az', {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    await app.inject({ url: '/az', headers: { 'user-agent': '' } });
    await get('/az', { 'sec-purpose': 'prefetch' });
    await get('/az', { 'sec-purpose': 'prefetch', cookie: 'vid=AAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(pageviews.length, 1, 'a prefetch with cookies is a browser the person uses');
    assert.deepEqual(
      excluded.map((e) => e.reason),
      ['bot', 'no_user_agent', 'prefetch'],
    );
    assert.equal(excluded[0]?.localDate, '2026-03-02');
  });

  it('records only GET HTML pages answered 200, with route config overriding the kind of page', async () => {
    await get('/az/missing');
    await get('/az/data.json');
    await app.inject({ method: 'POST', url: '/az', headers: { 'user-agent': BROWSER } });
    await get('/az/custom');
    assert.deepEqual(
      pageviews.map((p) => p.pageType),
      ['news'],
    );
  });
});
