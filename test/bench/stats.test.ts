import { median, percentile, ratio, summarize } from '../../bench/stats';

describe('percentile (nearest rank)', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted

  test('p50 and p99 of 1..100 are 50 and 99', () => {
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
  });

  test('p0 is the smallest and p100 the largest sample', () => {
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 100)).toBe(100);
  });

  test('a single sample is every percentile; no samples is NaN', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  test('does not reorder its input, refuses a percentile outside 0..100', () => {
    const input = [3, 1, 2];
    percentile(input, 50);
    expect(input).toEqual([3, 1, 2]);
    expect(() => percentile(input, 101)).toThrow(RangeError);
  });
});

test('median: the middle sample, or the mean of the two middle ones', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});

test('ratio: rounded, NaN without a baseline', () => {
  expect(ratio(115, 100)).toBe(1.15);
  expect(ratio(1, 3, 3)).toBe(0.333);
  expect(ratio(1, 0)).toBeNaN();
});

test('summarize: count, p50 and p99', () => {
  const samples = Array.from({ length: 2_000 }, (_, i) => (i + 1) / 10);
  expect(summarize(samples)).toEqual({ count: 2_000, p50Ms: 100, p99Ms: 198 });
});
