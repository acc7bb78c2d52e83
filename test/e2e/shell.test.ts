import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

describe('page shell in a browser', () => {
  let t: BrowserTest;
  before(async () => {
    t = await startBrowserTest();
  });
  after(() => t.close());

  for (const lang of ['az', 'en', 'ru']) {
    it(`home page in ${lang} has no axe violations and no console errors`, async () => {
      const { page, context } = await t.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${t.baseUrl}/${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors, [], 'no console errors (CSP violations show here)');
      await context.close();
    });
  }

  it('every page of the shell works without JavaScript', async () => {
    // axe itself needs JavaScript, so without it we check that the content and controls are there.
    const { page, context } = await t.newPage({ javaScriptEnabled: false });
    for (const path of ['/az', '/en/privacy', '/ru/accessibility']) {
      const response = await page.goto(`${t.baseUrl}${path}`);
      assert.equal(response?.status(), 200);
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal(await page.getByRole('button', { name: /text|mətn|текст/i }).count(), 3);
    }
    await context.close();
  });

  it('the language switch keeps the page', async () => {
    const { page, context } = await t.newPage();
    await page.goto(`${t.baseUrl}/en/privacy`);
    await page.getByRole('link', { name: 'Русский' }).click();
    assert.equal(new URL(page.url()).pathname, '/ru/privacy');
    assert.equal(await page.locator('h1').textContent(), 'Cookie и конфиденциальность');
    await context.close();
  });

  it('the font-size control works without JavaScript and is remembered', async () => {
    const { page, context } = await t.newPage({ javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/en/privacy`);
    await page.getByRole('button', { name: 'Larger text' }).click();
    assert.equal(new URL(page.url()).pathname, '/en/privacy');
    assert.match((await page.getAttribute('html', 'class')) ?? '', /egov-font-large/);
    await page.goto(`${t.baseUrl}/en`);
    assert.match((await page.getAttribute('html', 'class')) ?? '', /egov-font-large/);
    assert.equal(
      await page.getByRole('button', { name: 'Larger text' }).getAttribute('aria-pressed'),
      'true',
    );
    await context.close();
  });

  it('larger text really enlarges the page text', async () => {
    const { page, context } = await t.newPage();
    await page.goto(`${t.baseUrl}/en`);
    const size = () => page.locator('h1').evaluate((h) => Number.parseFloat(getComputedStyle(h).fontSize));
    const normal = await size();
    await page.getByRole('button', { name: 'Larger text' }).click();
    assert.ok((await size()) > normal * 1.2, 'heading grows by the 125% step');
    await page.getByRole('button', { name: 'Smaller text' }).click();
    assert.ok((await size()) < normal, 'heading shrinks');
    await context.close();
  });

  it('is usable at 200% zoom: nothing scrolls sideways on a 640px-wide viewport', async () => {
    const { page, context } = await t.newPage();
    // 200% zoom of a 1280px window is a 640 CSS-pixel viewport.
    await page.setViewportSize({ width: 640, height: 800 });
    for (const path of ['/az', '/ru/privacy', '/en/accessibility']) {
      await page.goto(`${t.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    }
    await context.close();
  });

  it('the localised 404 page is accessible', async () => {
    const { page, context } = await t.newPage();
    const response = await page.goto(`${t.baseUrl}/ru/nowhere`);
    assert.equal(response?.status(), 404);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
