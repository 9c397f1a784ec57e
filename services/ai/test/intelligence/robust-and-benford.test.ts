import { describe, expect, it } from 'vitest';
import { benfordTest, conformityOf, firstDigit } from '../../src/intelligence/statistics/benford.js';
import { median, medianAbsoluteDeviation, robustZ } from '../../src/intelligence/statistics/robust.js';

/** Amounts with the given first-digit counts (digit d written as "d.50"). */
function amountsWithCounts(counts: number[]): string[] {
  return counts.flatMap((count, index) => Array.from({ length: count }, () => `${index + 1}.50`));
}

describe('robustZ', () => {
  it('should score against median and MAD: 0.6745 · (x − median) / MAD', () => {
    const reference = [1, 2, 3, 4, 100];

    expect(median(reference)).toBe(3);
    expect(medianAbsoluteDeviation(reference)).toBe(1);
    expect(robustZ(100, reference)).toBeCloseTo(65.4265, 4);
    expect(robustZ(3, reference)).toBe(0);
    expect(robustZ(1, reference)).toBeCloseTo(-1.349, 4);
  });

  it('should fall back to the mean absolute deviation when more than half the values are equal', () => {
    const reference = [5, 5, 5, 5, 9];

    // MAD is 0; the mean absolute deviation from the median is 4 / 5 = 0.8, scaled by 1.253314.
    expect(robustZ(9, reference)).toBeCloseTo(4 / (1.253314 * 0.8), 5);
  });

  it('should call any other value infinitely far from a reference without spread', () => {
    expect(robustZ(7, [7, 7, 7])).toBe(0);
    expect(robustZ(8, [7, 7, 7])).toBe(Number.POSITIVE_INFINITY);
    expect(robustZ(6, [7, 7, 7])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('should be unmoved by the outliers it is meant to find', () => {
    const clean = [10, 11, 12, 13, 14, 15, 16];

    expect(robustZ(13, [...clean, 1_000_000])).toBeCloseTo(robustZ(13, [...clean, 17]), 10);
  });
});

describe('benfordTest', () => {
  it('should read the first significant digit of decimal strings', () => {
    expect(['123.45', '0.05', '-7.00', '0.00', '9'].map(firstDigit)).toEqual([1, 5, 7, undefined, 9]);
  });

  it('should find close conformity for counts near Benford (hand-checked MAD 0.0001)', () => {
    // Deviations from log10(1 + 1/d): .00003 .00009 .00006 .00009 .00018 .00005 .00001 .00015 .00024 → sum .0009 / 9.
    const result = benfordTest(amountsWithCounts([301, 176, 125, 97, 79, 67, 58, 51, 46]));

    expect(result?.count).toBe(1000);
    expect(result?.mad).toBeCloseTo(0.0001, 5);
    expect(result?.conformity).toBe('close');
  });

  it('should find acceptable conformity for a hand-checked MAD of 0.010544', () => {
    // |.270 − .30103| + |.160 − .17609| + .00006 + .00009 + .00018 + .00005 + .00001 + .00015 + |.093 − .04576| = .0949.
    const result = benfordTest(amountsWithCounts([270, 160, 125, 97, 79, 67, 58, 51, 93]));

    expect(result?.mad).toBeCloseTo(0.0949 / 9, 5);
    expect(result?.conformity).toBe('acceptable');
    expect(result?.mostExcessDigit).toBe(9);
  });

  it('should find marginal conformity for a hand-checked MAD of 0.012767', () => {
    const result = benfordTest(amountsWithCounts([260, 160, 125, 97, 79, 67, 58, 51, 103]));

    expect(result?.mad).toBeCloseTo(0.1149 / 9, 5);
    expect(result?.conformity).toBe('marginal');
  });

  it('should find nonconformity for evenly spread first digits (hand-checked MAD 0.059717)', () => {
    const result = benfordTest(amountsWithCounts(new Array(9).fill(100)));

    expect(result?.mad).toBeCloseTo(0.53745 / 9, 4);
    expect(result?.conformity).toBe('nonconformity');
  });

  it("should use Nigrini's class limits 0.006, 0.012 and 0.015", () => {
    expect([0.006, 0.0061, 0.012, 0.0121, 0.015, 0.0151].map(conformityOf)).toEqual([
      'close',
      'acceptable',
      'acceptable',
      'marginal',
      'marginal',
      'nonconformity',
    ]);
  });

  it('should have nothing to say about amounts without a first digit', () => {
    expect(benfordTest(['0.00', '0'])).toBeUndefined();
  });
});
