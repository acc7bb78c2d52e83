import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { BrowserLike } from '../../../test/helpers/browser-like.ts';

describe('page shell', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('redirects / to the Azerbaijani home page', async () => {
    const res = await t.app.inject('/');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/az');
  });

  for (const [lang, name] of [
    ['az', 'Elektron Hökumət Portalı'],
    ['en', 'E-Government Portal'],
    ['ru', 'Портал электронного правительства'],
  ] as const) {
    it(`serves the home page in ${lang}`, async () => {
      const res = await t.app.inject(`/${lang}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<html lang="${lang}"`));
      assert.match(res.body, new RegExp(`<title>${name}</title>`));
      assert.doesNotMatch(res.body, /GOV\.UK|Crown copyright|GDS Transport/);
    });
  }

  it('keeps the page when switching language', async () => {
    const res = await t.app.inject('/en/privacy');
    assert.match(res.body, /href="\/az\/privacy"[^>]*hreflang="az"/);
    assert.match(res.body, /href="\/ru\/privacy"[^>]*hreflang="ru"/);
    assert.match(res.body, /aria-current="true"[^>]*lang="en"/);
  });

  it('answers an unknown language or path with the localised 404', async () => {
    const unknownLanguage = await t.app.inject('/xx/privacy');
    assert.equal(unknownLanguage.statusCode, 404);
    assert.match(unknownLanguage.body, /Səhifə tapılmadı/);
    const unknownPath = await t.app.inject('/ru/no-such-page');
    assert.equal(unknownPath.statusCode, 404);
    assert.match(unknownPath.body, /Страница не найдена/);
    assert.match(unknownPath.body, /<html lang="ru"/);
  });

  it('sends a strict CSP with nonces and no unsafe-inline', async () => {
    const res = await t.app.inject('/az');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(res.body.includes(`<script nonce="${nonce}">`));
    const again = await t.app.inject('/az');
    assert.notEqual(again.headers['content-security-policy'], csp, 'a fresh nonce per response');
  });

  it('remembers the font size through a form that works without JavaScript', async () => {
    const browser = new BrowserLike(t.app);
    await browser.get('/en/privacy');
    const res = await browser.post('/en/font-size', { size: 'large', back: '/en/privacy' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/en/privacy');
    assert.equal(browser.cookies.get('fontSize'), 'large');
    const page = await browser.get('/en/privacy');
    assert.match(page.body, /class="govuk-template egov-font-large"/);
    assert.match(page.body, /value="large"[^>]*aria-pressed="true"/);
  });

  it('refuses a form without a valid CSRF token and changes nothing', async () => {
    const browser = new BrowserLike(t.app);
    await browser.get('/en');
    const res = await browser.post('/en/font-size', { size: 'large', _csrf: 'forged' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /The form has expired/);
    assert.equal(browser.cookies.get('fontSize'), undefined);
  });

  it('never redirects to another site after a form', async () => {
    const browser = new BrowserLike(t.app);
    await browser.get('/en');
    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await browser.post('/en/font-size', { size: 'small', back });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/en');
    }
  });

  it('survives malformed cookies, headers, query strings and paths without a 500', async () => {
    const attempts = [
      { url: '/az', headers: { cookie: '%%%; fontSize=\u00ff; _csrf=; =;;' } },
      { url: '/az?%E0%A4%A=1&&=&q[]=1&q[a]=2' },
      { url: '/az/%E0%A4%A' },
      { url: '/az', headers: { accept: '\u0000', 'x-request-id': '<script>' } },
      { url: `/az/${'a'.repeat(5000)}` },
      { url: '/en/privacy', headers: { cookie: `fontSize=${'x'.repeat(3000)}` } },
    ];
    for (const attempt of attempts) {
      const res = await t.app.inject(attempt);
      assert.ok(res.statusCode < 500, `${attempt.url} gave ${res.statusCode}`);
    }
    const badForm = await t.app.inject({
      method: 'POST',
      url: '/en/font-size',
      payload: 'size=huge&%%%',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok([400, 403].includes(badForm.statusCode));
  });

  it('renders the accessibility statement and the privacy page with the cookies the portal sets', async () => {
    const privacy = await t.app.inject('/az/privacy');
    assert.equal(privacy.statusCode, 200);
    for (const name of ['sid', '_csrf', 'fontSize', 'vid'])
      assert.match(privacy.body, new RegExp(`<code>${name}</code>`));
    const accessibility = await t.app.inject('/ru/accessibility');
    assert.match(accessibility.body, /WCAG\) 2\.2/);
  });
});
