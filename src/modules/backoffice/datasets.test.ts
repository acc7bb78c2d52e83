import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createStaff, loginAs } from '../../../test/helpers/identity.ts';
import { DatasetError, readDataset, runLookup } from '../services/index.ts';

describe('registry dataset uploads', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(() => t.close());

  it('names the line and column of every problem', () => {
    try {
      readDataset('phone,operator\n501234567,Nar\n,Bakcell\n501234567,Nar\n"50","x",extra\n', ['phone']);
      assert.fail('should reject');
    } catch (error) {
      assert.ok(error instanceof DatasetError);
      assert.deepEqual(
        error.problems.map((p) => [p.line, p.column ?? null]),
        [
          [3, 'phone'],
          [4, null],
          [5, null],
        ],
      );
    }
  });

  it('replaces a dataset as a whole through the page and the API; bad files change nothing', async () => {
    const admin = await createStaff(t.database, { roles: [{ role: 'agency_admin', agencyCode: 'MCHT' }] });
    const staff = await loginAs(t.app, admin);
    const page = await staff.get('/en/backoffice/datasets');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /mcht-mnp/);
    const lookup = () =>
      runLookup(t.database.db, {
        serviceCode: 'MCHT-0001',
        keys: { phone: '559999999' },
        lang: 'en',
        channel: 'web',
        userKey: null,
        at: t.clock.now(),
      });
    assert.equal((await lookup()).status, 'not_found');
    const bad = await staff.post('/en/backoffice/datasets/mcht-mnp', {
      csv: 'phone,operator,movedOn\n559999999,Nar\n',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /line 2: expected 3 values, found 2/);
    assert.equal((await lookup()).status, 'not_found');
    const good = await staff.request({
      method: 'PUT',
      url: '/api/v1/datasets/mcht-mnp',
      payload: 'phone,operator,movedOn\n559999999,Nar,2026-01-05\n',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': staff.lastCsrf ?? '' },
    });
    assert.equal(good.statusCode, 200, good.body);
    const answer = await lookup();
    assert.equal(answer.status, 'found');
    assert.equal('text' in answer && answer.text, 'Number 559999999 moved to Nar on 2026-01-05.');
    const other = await staff.request({
      method: 'PUT',
      url: '/api/v1/datasets/ssac-exam-results',
      payload: 'applicantCode,secret\n1,2\n',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': staff.lastCsrf ?? '' },
    });
    assert.equal(other.statusCode, 404);
  });
});
