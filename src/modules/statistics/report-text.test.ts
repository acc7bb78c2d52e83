import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullMonthUses, monthlyThreshold } from './report-text.ts';

const uses = (counts: number[]) => ({
  total: 0,
  byMonth: counts.map((n, i) => ({ month: `2016-0${i + 1}`, uses: n })),
  byChannel: { web: 0, sms: 0, api: 0, mobile: 0 },
  topAgencies: [],
  topServices: [],
  distinctUsers: 0,
});

describe('the "more than N a month" statement', () => {
  it('rounds below the quietest month, as the article does', () => {
    assert.equal(monthlyThreshold([1_250_000, 1_480_000, 1_090_000]), 1_000_000);
    assert.equal(monthlyThreshold([1_000_000]), 900_000);
    assert.equal(monthlyThreshold([]), 0);
  });

  it('ignores a partial first or last month', () => {
    const half = { from: '2016-01-01T00:00:00+04:00', to: '2016-07-01T00:00:00+04:00' };
    assert.deepEqual(fullMonthUses({ period: half, uses: uses([5, 6, 7]) }), [5, 6, 7]);
    const midMonth = { from: '2016-01-15T00:00:00+04:00', to: '2016-03-10T00:00:00+04:00' };
    assert.deepEqual(fullMonthUses({ period: midMonth, uses: uses([1, 6, 2]) }), [6]);
  });
});
