import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit, type Settled } from './group-commit.ts';

describe('groupCommit', () => {
  it('writes the items of one turn together and settles each with its own result', async () => {
    const groups: number[][] = [];
    const submit = groupCommit(async (items: number[]): Promise<Settled<number>[]> => {
      groups.push(items);
      return items.map((n) =>
        n === 3 ? { ok: false, error: new Error('three fails') } : { ok: true, value: n * 10 },
      );
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map(submit));
    assert.deepEqual(groups, [[1, 2, 3, 4]], 'one write for the four');
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [10, 20, 'three fails', 40],
    );
  });

  it('gathers items that arrive during a write into the next group, within the size bound', async () => {
    const groups: number[][] = [];
    let release: () => void = () => undefined;
    const firstWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    const submit = groupCommit(
      async (items: number[]) => {
        groups.push(items);
        if (groups.length === 1) await firstWrite;
        return items.map((value) => ({ ok: true as const, value }));
      },
      { maxGroup: 3 },
    );
    const first = submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [1, 2, 3, 4].map(submit);
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [0, 1, 2, 3, 4]);
    assert.deepEqual(groups, [[0], [1, 2, 3], [4]]);
  });

  it('fails every item of a group whose write throws, and goes on with the next group', async () => {
    let calls = 0;
    const submit = groupCommit(async (items: string[]) => {
      calls++;
      if (calls === 1) throw new Error('commit failed');
      return items.map((value) => ({ ok: true as const, value }));
    });
    const failed = await Promise.allSettled([submit('a'), submit('b')]);
    assert.deepEqual(
      failed.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await submit('c'), 'c');
  });
});
