import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createResident, type TestPerson } from '../helpers/identity.ts';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

describe('a form of several pages with a file upload, in a browser', () => {
  let t: BrowserTest;
  let resident: TestPerson;
  before(async () => {
    t = await startBrowserTest({ demo: true });
    resident = await createResident(t.database);
  });
  after(() => t.close());

  for (const javaScriptEnabled of [false, true])
    it(`walks the labour-contract notification with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const { page, context } = await t.newPage({ javaScriptEnabled });
      page.setDefaultTimeout(15_000);
      const mode = javaScriptEnabled ? 'js' : 'no-js';
      // axe runs inside the page: with JavaScript off its injection never answers, so it checks the JS-on walk.
      const axe = async (what: string) => {
        if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], what);
      };
      await page.goto(`${t.baseUrl}/en/login`);
      await page.locator('#fin').fill(resident.fin);
      await page.locator('#passcode').fill(resident.passcode);
      await page.locator('form[action$="/login"] button[type=submit]').click();
      await page.waitForLoadState();

      await page.goto(`${t.baseUrl}/en/services/MLSPP-0001/apply`);
      assert.match((await page.locator('h1').textContent()) ?? '', /The employer/);
      await axe(`${mode}: page one`);
      await page.getByRole('button', { name: 'Continue' }).click();
      assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'page one checked');
      await axe(`${mode}: page one with errors`);
      await page.locator('#employerTin').fill('1400000011');
      await page.locator('#position').fill('Accountant');
      await page.getByRole('button', { name: 'Continue' }).click();

      assert.match(page.url(), /page=terms/);
      await axe(`${mode}: page two`);
      await page.locator('#startDate').fill('2026-09-01');
      await page.locator('#salary').fill('900');
      await page.locator('input[name="contractType"][value="fixed"]').check();
      await page.getByRole('button', { name: 'Continue' }).click();

      assert.match(page.url(), /page=documents/);
      await axe(`${mode}: page three`);
      await page.locator('#endDate').fill('2027-08-31');
      await page
        .locator('#contract')
        .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: PNG });
      await page.getByRole('button', { name: 'Continue' }).click();
      assert.match((await page.locator('.govuk-error-summary').textContent()) ?? '', /must be a PDF/);
      await axe(`${mode}: refused upload`);
      await page.locator('#endDate').fill('2027-08-31');
      await page
        .locator('#contract')
        .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Continue' }).click();

      assert.match(new URL(page.url()).pathname, /\/check$/);
      await axe(`${mode}: check your answers`);
      assert.ok(await page.locator('a[href*="/files/"]').count(), 'the file is listed with a link');
      // Change goes to the page of the question; Back on it returns to the page before.
      await page.locator('a[href*="page=terms#salary"]').click();
      assert.match(page.url(), /page=terms/);
      assert.equal(await page.locator('#salary').inputValue(), '900');
      await page.getByRole('link', { name: 'Back' }).click();
      assert.match(page.url(), /page=employer/);
      assert.equal(await page.locator('#position').inputValue(), 'Accountant');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      assert.match((await page.locator('#contract-current').textContent()) ?? '', /contract\.pdf/);
      await page.getByRole('button', { name: 'Continue' }).click();
      assert.match(new URL(page.url()).pathname, /\/check$/);
      await page.getByRole('button', { name: 'Accept and send' }).click();
      await page.waitForURL(/\/en\/account\/applications\/[0-9a-f-]{36}\?submitted=1$/);
      await axe(`${mode}: receipt`);
      assert.ok(await page.locator('a[href*="/files/"]').count(), 'the receipt lists the file');
      await context.close();
    });
});
