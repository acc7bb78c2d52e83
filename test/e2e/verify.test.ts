import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { registerOrganisations } from '../../src/modules/identity/index.ts';
import { signDetached } from '../../src/modules/signatures/index.ts';
import { ensureTestCa } from '../helpers/pki.ts';
import { axeViolations, type BrowserTest, startBrowserTest } from './browser.ts';

describe('/verify in a browser', () => {
  let t: BrowserTest;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-verify-'));
  before(async () => {
    t = await startBrowserTest();
    await ensureTestCa(t);
    const id = crypto.randomUUID();
    await t.database.db
      .insert(registerOrganisations)
      .values({ id, kind: 'state', taxNumber: '1700000009', name: 'Demo Registry Service' });
    const content = new TextEncoder().encode('E-reference E-2026-000042');
    fs.writeFileSync(path.join(dir, 'reference.txt'), content);
    fs.writeFileSync(path.join(dir, 'reference.p7s'), await signDetached(t.app.platform, id, content));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  for (const lang of ['az', 'en', 'ru'])
    it(`the form in ${lang} has no axe violations`, async () => {
      const { page, context } = await t.newPage();
      await page.goto(`${t.baseUrl}/${lang}/verify`);
      assert.deepEqual(await axeViolations(page), []);
      await page.goto(`${t.baseUrl}/${lang}/verify?code=nope`);
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });

  it('checks an upload without JavaScript, and the report has no axe violations', async () => {
    const { page, context } = await t.newPage({ javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/en/verify`);
    await page.setInputFiles('#document', path.join(dir, 'reference.txt'));
    await page.setInputFiles('#signature', path.join(dir, 'reference.p7s'));
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /The signature is valid/);
    assert.match(text, /Demo Time-Stamping Authority/);
    await context.close();
    // axe needs JavaScript: the same upload again with it.
    const second = await t.newPage();
    await second.page.goto(`${t.baseUrl}/en/verify`);
    await second.page.setInputFiles('#document', path.join(dir, 'reference.txt'));
    await second.page.setInputFiles('#signature', path.join(dir, 'reference.p7s'));
    await second.page.getByRole('button', { name: 'Upload and check' }).click();
    await second.page.waitForSelector('[data-valid="true"]');
    assert.deepEqual(await axeViolations(second.page), []);
    await second.context.close();
  });
});
