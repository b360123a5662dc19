import { formatBenchLine, percentile, rateRatio, timeRatio } from './bench-result';

describe('the BENCH line of QUALITY.md', () => {
  it('prints name, ours, limit, ratio, then the other pairs', () => {
    const line = formatBenchLine({
      name: 'push',
      ours: { value: 41250.4, unit: 'rows/s' },
      limit: { value: 69000, unit: 'rows/s' },
      ratio: rateRatio(41250.4, 69000),
      bar: 0.5,
      extra: { sales: 20000, note: 'two cores' },
    });
    expect(line).toBe('BENCH push ours=41250rows/s limit=69000rows/s ratio=0.598 bar=0.5 meets=yes sales=20000 note=two_cores');
  });

  it('takes a human threshold as the limit: ratio = threshold / ours', () => {
    expect(timeRatio(25, 50)).toBe(2);
    expect(formatBenchLine({ name: 'scan', ours: { value: 25, unit: 'ms' }, limit: { value: 50, unit: 'ms' }, ratio: timeRatio(25, 50) })).toBe(
      'BENCH scan ours=25ms limit=50ms ratio=2.000',
    );
  });

  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});
