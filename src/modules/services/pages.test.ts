import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';
import { createResident, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { MLSPP_0001 } from './demo/definitions.ts';
import { applications, definitionProblems } from './index.ts';
import { PDF, toDocumentsPage } from './test-forms.ts';

const URL = '/en/services/MLSPP-0001';

describe('forms of several pages', () => {
  let t: TestApp;
  let resident: TestPerson;
  let browser: BrowserLike;
  before(async () => {
    t = await buildTestApp({ demo: true });
    resident = await createResident(t.database);
    browser = await loginAs(t.app, resident);
  });
  after(() => t.close());

  const draftOf = async (key: string) =>
    (await t.database.db.select().from(applications).where(eq(applications.submissionKey, key)))[0];

  it('checks only the page’s questions, stores nothing from an invalid page, keeps earlier pages', async () => {
    const first = await browser.get(`${URL}/apply`);
    assert.match(first.body, /Page 1 of 3/);
    assert.match(first.body, /The employer/);
    assert.doesNotMatch(first.body, /name="salary"/, 'page one asks only its own questions');
    assert.ok(first.body.includes(`href="${URL}" class="govuk-back-link"`), 'Back goes to the service page');
    const key = /name="submissionKey" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    const version = /name="definitionVersion" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    const common = { submissionKey: key, definitionVersion: version, action: 'continue' };
    const empty = await browser.post(`${URL}/apply`, { ...common, page: 'employer', employerTin: '12' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the VÖEN as 10 digits/);
    assert.match(empty.body, /Answer “Position”/);
    assert.doesNotMatch(empty.body, /Monthly salary/, 'no errors about later pages');
    assert.equal(await draftOf(key), undefined, 'nothing stored');

    const one = await browser.post(`${URL}/apply`, {
      ...common,
      page: 'employer',
      employerTin: '1400000011',
      position: 'Accountant',
      salary: '999999',
    });
    assert.equal(one.statusCode, 303);
    assert.equal(one.headers.location, `${URL}/apply?key=${key}&page=terms`);
    assert.deepEqual((await draftOf(key))?.data, { employerTin: '1400000011', position: 'Accountant' });

    const two = await browser.get(one.headers.location as string);
    assert.match(two.body, /Page 2 of 3/);
    assert.ok(two.body.includes(`href="${URL}/apply?key=${key}&amp;page=employer"`), 'Back goes to page one');
    const bad = await browser.post(`${URL}/apply`, { ...common, page: 'terms', salary: '10' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual((await draftOf(key))?.data, { employerTin: '1400000011', position: 'Accountant' });

    // Save and come back later on page two: a partial page is kept, earlier pages too.
    const saved = await browser.post(`${URL}/apply`, {
      ...common,
      page: 'terms',
      salary: '900',
      action: 'save',
    });
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /Your answers have been saved/);
    const resumed = await browser.get(`${URL}/apply?key=${key}&page=terms`);
    assert.match(resumed.body, /name="salary" type="text" value="900"|value="900"/);
    const back = await browser.get(`${URL}/apply?key=${key}&page=employer`);
    assert.match(back.body, /value="Accountant"/);

    // The check page sends an incomplete draft back to the first unanswered page.
    const early = await browser.get(`${URL}/check?key=${key}`);
    assert.equal(early.statusCode, 303);
    assert.match(early.headers.location as string, /page=terms/);
  });

  it('keeps conditional questions across pages, links Change to the right page, submits once', async () => {
    const { key, common } = await toDocumentsPage(browser);
    const done = await browser.postMultipart(
      `${URL}/apply`,
      { ...common, page: 'documents', endDate: '2027-08-31' },
      { contract: { name: 'contract.pdf', type: 'application/pdf', data: PDF } },
    );
    assert.equal(done.statusCode, 303);
    assert.equal((await draftOf(key))?.data.endDate, '2027-08-31');
    const check = await browser.get(`${URL}/check?key=${key}`);
    assert.equal(check.statusCode, 200);
    assert.ok(check.body.includes(`${URL}/apply?key=${key}&amp;page=employer#position`));
    assert.ok(check.body.includes(`${URL}/apply?key=${key}&amp;page=terms#salary`));
    assert.ok(check.body.includes(`${URL}/apply?key=${key}&amp;page=documents#endDate`));

    // Page two changed to an indefinite contract: page three's end date is no longer asked, and dropped.
    const changed = await browser.post(`${URL}/apply`, {
      ...common,
      page: 'terms',
      startDate: '2026-09-01',
      salary: '900',
      contractType: 'indefinite',
    });
    assert.equal(changed.statusCode, 303);
    const data = (await draftOf(key))?.data ?? {};
    assert.equal(data.endDate, undefined);
    assert.ok(data.contract, 'the file stays');

    await browser.get(`${URL}/check?key=${key}`);
    const first = await browser.post(`${URL}/submit`, { submissionKey: key });
    const second = await browser.post(`${URL}/submit`, { submissionKey: key });
    assert.equal(first.statusCode, 303);
    assert.equal(
      second.headers.location?.toString().split('?')[0],
      first.headers.location?.toString().split('?')[0],
    );
    const rows = await t.database.db.select().from(applications).where(eq(applications.submissionKey, key));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 'submitted');
  });

  it('refuses definitions whose pages do not place every field exactly once', () => {
    const base = structuredClone(MLSPP_0001) as ApplicationDefinition;
    assert.deepEqual(definitionProblems(base), []);
    const missing = structuredClone(base);
    missing.pages = base.pages?.slice(0, 2);
    assert.ok(definitionProblems(missing).some((p) => /endDate is on 0 pages/.test(p)));
    const twice = structuredClone(base);
    twice.pages?.[0]?.fields.push('salary');
    assert.ok(definitionProblems(twice).some((p) => /salary is on 2 pages/.test(p)));
    const unknown = structuredClone(base);
    unknown.pages?.[0]?.fields.push('nothing');
    assert.ok(definitionProblems(unknown).some((p) => /nothing is not a field/.test(p)));
    const big = structuredClone(base);
    const file = big.fields.find((f) => f.type === 'file');
    if (file) {
      file.maxBytes = 50 * 1024 * 1024;
      file.accept = ['text/html'];
    }
    const problems = definitionProblems(big);
    assert.ok(problems.some((p) => /maxBytes/.test(p)));
    assert.ok(problems.some((p) => /text\/html is not one of/.test(p)));
  });
});
