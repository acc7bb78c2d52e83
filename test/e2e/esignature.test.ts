import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createResident, createStaff, type TestPerson, type TestStaff } from '../helpers/identity.ts';
import { ensureTestCa } from '../helpers/pki.ts';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

describe('e-signature in a browser: certificate login and a signed application', () => {
  let t: BrowserTest;
  let resident: TestPerson;
  let officer: TestStaff;
  before(async () => {
    t = await startBrowserTest({ demo: true });
    await ensureTestCa(t);
    resident = await createResident(t.database);
    officer = await createStaff(t.database, { roles: [{ role: 'agency_officer', agencyCode: 'MLSPP' }] });
  });
  after(() => t.close());

  it('a resident gets a certificate, logs in with it, signs an application; the officer sees it valid', async () => {
    const { page, context } = await t.newPage();
    await page.goto(`${t.baseUrl}/en/login`);
    await page.locator('#fin').fill(resident.fin);
    await page.locator('#passcode').fill(resident.passcode);
    await page.locator('form[action$="/login"] button[type=submit]').click();

    // The certification centre: the key pair is made in this browser and the request filled in by its script.
    await page.goto(`${t.baseUrl}/en/pki/certificates`);
    await page.locator('input[name="type"][value="person"]').check();
    await page.locator('#make-key').click();
    await page.waitForFunction(() =>
      (document.getElementById('csr') as HTMLTextAreaElement).value.includes('BEGIN CERTIFICATE REQUEST'),
    );
    await page.locator('#request-form button[type=submit]').click();
    assert.match(page.url(), /issued=/);

    await page.getByRole('button', { name: 'Log out' }).first().click();
    await page.goto(`${t.baseUrl}/en/login?level=high`);
    assert.deepEqual(await axeViolations(page), [], 'login page with the step-up notice');
    await page.goto(`${t.baseUrl}/en/login`);
    await page.locator('#certificate-login-link').click();
    assert.equal(new URL(page.url()).pathname, '/en/login/certificate');
    assert.deepEqual(await axeViolations(page), [], 'certificate login page');
    await page.locator('#certificate-login').click();
    await page.waitForURL(/\/en\/account$/);

    await page.goto(`${t.baseUrl}/en/services/MLSPP-0002/apply`);
    await page.locator('#householdSize').fill('3');
    await page.locator('#monthlyIncome').fill('250');
    await page.locator('input[name="employment"][value="unemployed"]').check();
    await page.locator('#address').fill('Bakı, Nizami küçəsi 5');
    await page.locator('#reason').fill('İşsizlik səbəbindən');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(new URL(page.url()).pathname, /\/check$/);
    assert.match((await page.locator('#signed-text').textContent()) ?? '', /"serviceCode": "MLSPP-0002"/);
    assert.deepEqual(await axeViolations(page), [], 'check page with signing');
    await page.locator('#sign-and-submit').click();
    await page.waitForURL(/\/en\/account\/applications\/[0-9a-f-]{36}\?submitted=1$/);
    const id = /applications\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    await context.close();

    const office = await t.newPage();
    await office.page.goto(`${t.baseUrl}/en/login`);
    await office.page.locator('#fin').fill(officer.fin);
    await office.page.locator('#passcode').fill(officer.passcode);
    await office.page.locator('form[action$="/login"] button[type=submit]').click();
    await office.page.locator('#code').fill(officer.totp(t.clock.now()));
    await office.page.getByRole('button', { name: 'Continue' }).click();
    await office.page.goto(`${t.baseUrl}/en/backoffice/applications/${id}`);
    assert.match(
      (await office.page.locator('#signature-verdict').textContent()) ?? '',
      /Signature valid, signed by .+ at /,
    );
    assert.deepEqual(await axeViolations(office.page), [], 'back-office application with a signature');
    await office.context.close();
  });

  it('without JavaScript the certificate login explains itself and links to the passcode login', async () => {
    const { page, context } = await t.newPage({ javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/az/login/certificate`);
    assert.match((await page.locator('#certificate-no-js').textContent()) ?? '', /JavaScript lazımdır/);
    assert.equal(await page.locator('#certificate-login').isVisible(), false);
    await page.getByRole('link', { name: 'FİN və parolla daxil olun' }).first().click();
    assert.equal(new URL(page.url()).pathname, '/az/login');
    await context.close();
  });
});
