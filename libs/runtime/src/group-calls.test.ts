import { groupCalls } from './group-calls';

describe('groupCalls', () => {
  it('runs the calls of one turn as one group, and those arriving meanwhile as the next', async () => {
    const groups: number[][] = [];
    let release: () => void = () => undefined;
    const grouped = groupCalls<number>(async (items) => {
      groups.push(items);
      if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 10);

    const first = [grouped(1), grouped(2), grouped(3)];
    await new Promise((resolve) => setImmediate(resolve));
    const second = [grouped(4), grouped(5)];
    release();
    await Promise.all([...first, ...second]);

    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('never makes a group larger than the limit', async () => {
    const groups: number[][] = [];
    const grouped = groupCalls<number>(async (items) => void groups.push(items), 2);
    await Promise.all([1, 2, 3, 4, 5].map(grouped));
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs a failed group again one by one, so that only the bad item fails', async () => {
    const groups: number[][] = [];
    const grouped = groupCalls<number>(async (items) => {
      groups.push(items);
      if (items.includes(2)) throw new Error(`bad item in ${items.join(',')}`);
    }, 10);

    const outcomes = await Promise.allSettled([grouped(1), grouped(2), grouped(3)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('bad item in 2'));
    expect(groups).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
