import assert from 'node:assert/strict';
import type { BrowserLike } from '../../../test/helpers/browser-like.ts';

// Shared by the page and upload tests (a .test.ts file imported by another would run twice).
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const URL = '/en/services/MLSPP-0001';

/** Walks the labour-contract form to its last page (fixed-term contract); returns the key and version. */
export async function toDocumentsPage(browser: BrowserLike) {
  const first = await browser.get(`${URL}/apply`);
  assert.equal(first.statusCode, 200);
  const key = /name="submissionKey" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
  const version = /name="definitionVersion" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
  const common = { submissionKey: key, definitionVersion: version, action: 'continue' };
  const one = await browser.post(`${URL}/apply`, {
    ...common,
    page: 'employer',
    employerTin: '1400000011',
    position: 'Accountant',
  });
  assert.equal(one.statusCode, 303, one.body);
  await browser.get(one.headers.location as string);
  const two = await browser.post(`${URL}/apply`, {
    ...common,
    page: 'terms',
    startDate: '2026-09-01',
    salary: '900',
    contractType: 'fixed',
  });
  assert.equal(two.statusCode, 303, two.body);
  assert.match(two.headers.location as string, /page=documents/);
  const three = await browser.get(two.headers.location as string);
  assert.match(three.body, /enctype="multipart\/form-data"/);
  return { key, version, common };
}
