import { BoundedMemo } from '../../adapters/bounded-memo';

describe('a bounded memo', () => {
  it('computes a key once, also when its answer is null or false', () => {
    const memo = new BoundedMemo<string, boolean | null>(10);
    let computed = 0;
    for (let i = 0; i < 3; i++) {
      expect(memo.get('no', () => (computed++, false))).toBe(false);
      expect(memo.get('none', () => (computed++, null))).toBeNull();
    }
    expect(computed).toBe(2);
  });

  it('keeps at most its bound, letting the oldest key go first', () => {
    const memo = new BoundedMemo<number, number>(3);
    const computed: number[] = [];
    const square = (n: number) => memo.get(n, () => (computed.push(n), n * n));
    for (const n of [1, 2, 3, 4]) square(n);
    expect(memo.size).toBe(3);
    expect([square(4), square(2), square(1)]).toEqual([16, 4, 1]);
    expect(computed).toEqual([1, 2, 3, 4, 1]);
  });
});
