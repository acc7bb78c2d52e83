import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createResident, createStaff, type TestPerson, type TestStaff } from '../helpers/identity.ts';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

describe('identity pages in a browser', () => {
  let t: BrowserTest;
  let resident: TestPerson;
  let staff: TestStaff;
  before(async () => {
    t = await startBrowserTest();
    resident = await createResident(t.database);
    staff = await createStaff(t.database, {
      roles: [{ role: 'portal_admin' }, { role: 'service_centre_operator' }],
    });
  });
  after(() => t.close());

  async function logIn(page: Page, who: TestPerson, lang: string) {
    await page.goto(`${t.baseUrl}/${lang}/login`);
    await page.locator('#fin').fill(who.fin);
    await page.locator('#passcode').fill(who.passcode);
    await page.locator('form[action$="/login"] button[type=submit]').click();
  }

  // axe needs JavaScript in the page (with it off, its injection never answers here): the pages are checked
  // with JavaScript on, and the flows are also driven with it off.
  it('anonymous pages have no axe violations', async () => {
    const { page, context } = await t.newPage();
    for (const path of ['/az/login', '/en/passcode', '/ru/passcode/activate', '/en/logged-out']) {
      await page.goto(`${t.baseUrl}${path}`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await context.close();
  });

  it('every account page is accessible', async () => {
    const { page, context } = await t.newPage();
    await logIn(page, resident, 'az');
    assert.equal(new URL(page.url()).pathname, '/az/account');
    for (const path of [
      '/az/account',
      '/az/account/sessions',
      '/en/account/security',
      '/ru/account/access',
    ]) {
      await page.goto(`${t.baseUrl}${path}`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await context.close();
  });

  it('logs in, switches contact preferences and logs out with JavaScript off', async () => {
    const { page, context } = await t.newPage({ javaScriptEnabled: false });
    await logIn(page, resident, 'az');
    assert.equal(new URL(page.url()).pathname, '/az/account');
    await page.getByLabel('SMS ilə').uncheck();
    await page.getByRole('button', { name: 'Seçimləri yadda saxla' }).click();
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /yadda saxlanıldı/);
    assert.equal(await page.getByLabel('SMS ilə').isChecked(), false);
    await page.getByRole('button', { name: 'Çıxış' }).first().click();
    assert.equal(new URL(page.url()).pathname, '/az/logged-out');
    await context.close();
  });

  it('a form error is shown in the error summary and is accessible', async () => {
    const { page, context } = await t.newPage();
    await page.goto(`${t.baseUrl}/en/login`);
    await page.locator('form[action$="/login"] button[type=submit]').click();
    assert.match((await page.locator('.govuk-error-summary').textContent()) ?? '', /Enter your FIN/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  it('staff pages (second factor, service centre, staff roles) are accessible', async () => {
    const { page, context } = await t.newPage();
    await logIn(page, staff, 'en');
    assert.equal(new URL(page.url()).pathname, '/en/login/second-factor');
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('#code').fill(staff.totp(t.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    for (const path of ['/en/staff/service-centre', '/az/admin/staff']) {
      await page.goto(`${t.baseUrl}${path}`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await context.close();
  });
});
