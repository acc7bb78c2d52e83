import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REFDOC_0003 } from '../../src/modules/services/demo/references.ts';
import { replaceDataset, saveDefinition } from '../../src/modules/services/index.ts';
import { createResident, type TestPerson } from '../helpers/identity.ts';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

describe('e-references in a browser', () => {
  let t: BrowserTest;
  let resident: TestPerson;
  before(async () => {
    t = await startBrowserTest({ demo: true });
    resident = await createResident(t.database, { firstName: 'Ləman', lastName: 'Çələbiyeva' });
    await replaceDataset(
      t.database.db,
      {
        name: 'refdoc-residence',
        agencyCode: 'REFDOC',
        keyColumns: ['fin'],
        records: [
          { fin: resident.fin, address: 'Lənkəran, Həzi Aslanov küçəsi 21', registeredOn: '2019-05-02' },
        ],
      },
      t.clock.now(),
    );
    await saveDefinition(
      t.database.db,
      { code: 'REFDOC-0001', agencyCode: 'REFDOC', definition: REFDOC_0003 },
      t.clock.now(),
    );
  });
  after(() => t.close());

  async function logIn(javaScriptEnabled: boolean, lang: string) {
    const { page, context } = await t.newPage({ javaScriptEnabled });
    await page.goto(`${t.baseUrl}/${lang}/login`);
    await page.locator('#fin').fill(resident.fin);
    await page.locator('#passcode').fill(resident.passcode);
    await page.locator('form[action$="/login"] button[type=submit]').click();
    return { page, context };
  }

  async function issue(page: Page, lang: string) {
    await page.goto(`${t.baseUrl}/${lang}/services/REFDOC-0001/start`);
    assert.match((await page.locator('main').textContent()) ?? '', /Lənkəran, Həzi Aslanov küçəsi 21/);
    await page.locator('#get-document').click();
    await page.waitForURL(new RegExp(`/${lang}/account/documents/[0-9A-Z-]{19}$`));
    return new URL(page.url()).pathname.split('/').pop() ?? '';
  }

  it('issues a reference with JavaScript turned off', async () => {
    const { page, context } = await logIn(false, 'az');
    const code = await issue(page, 'az');
    assert.match((await page.locator('.govuk-panel').textContent()) ?? '', new RegExp(code));
    await context.close();
  });

  // axe runs inside the page, so these pages are checked with JavaScript on.
  for (const lang of ['az', 'en', 'ru'])
    it(`the start page, the landing page and "My documents" in ${lang} have no axe violations`, async () => {
      const { page, context } = await logIn(true, lang);
      await page.goto(`${t.baseUrl}/${lang}/services/REFDOC-0001/start`);
      assert.deepEqual(await axeViolations(page), []);
      const code = await issue(page, lang);
      assert.deepEqual(await axeViolations(page), []);
      await page.goto(`${t.baseUrl}/${lang}/account/documents`);
      assert.equal(await page.locator(`a[href="/${lang}/documents/${code}"]`).count(), 1);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });
});
