import { countMetric } from '#shared/metrics';

describe('countMetric', () => {
  it('writes one CloudWatch embedded-metric line: namespace, service and stage dimensions, a count of 1', () => {
    const lines: string[] = [];
    const env = { POWERTOOLS_METRICS_NAMESPACE: 'DaswosCoins', STAGE: 'prod' };

    countMetric('RefundedUncreditable', { sessionId: 'cs_1' }, (line) => lines.push(line), env);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'DaswosCoins',
            Dimensions: [['service', 'stage']],
            Metrics: [{ Name: 'RefundedUncreditable', Unit: 'Count' }],
          },
        ],
      },
      service: 'daswos-coins',
      stage: 'prod',
      sessionId: 'cs_1',
      RefundedUncreditable: 1,
    });
  });

  it('keeps the count when a property has the metric’s name', () => {
    const lines: string[] = [];

    countMetric(
      'MalformedStripeEvents',
      { MalformedStripeEvents: 7 },
      (line) => lines.push(line),
      {},
    );

    expect(JSON.parse(lines[0] ?? '{}').MalformedStripeEvents).toBe(1);
  });

  it('writes nothing when Powertools metrics are disabled', () => {
    const lines: string[] = [];

    countMetric('MalformedStripeEvents', {}, (line) => lines.push(line), {
      POWERTOOLS_METRICS_DISABLED: 'true',
    });

    expect(lines).toEqual([]);
  });
});
