import { formatLoadReport, runLoadAndFaults } from '#test/load/load-and-fault';

/** The short version of `npm run test:load`; the full run's figures are in docs/reliability.md. */
describe('load and faults', () => {
  it('loses and doubles nothing under 32 in flight, injected faults and a DynamoDB Local crash', async () => {
    const report = await runLoadAndFaults({
      seed: 7,
      operations: 400,
      inFlight: 32,
      faultRate: 0.1,
      restartDynamoAt: 0.5,
    });
    console.info(`load and faults (short run)\n${formatLoadReport(report)}`);

    expect(report.audit.breaches).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.doubled).toBe(0);
    // Every committed transaction reached the event feed exactly once, the crash notwithstanding.
    expect(report.events.missing).toEqual([]);
    expect(report.events.duplicated).toBe(0);
    expect(report.events.withoutRecord).toEqual([]);
    expect(report.dynamoRestarts).toBe(1);
    expect(report.rejected.GAVE_UP).toBeUndefined();
    expect(report.rejected.IDEMPOTENCY_KEY_REUSED).toBeUndefined();
    expect(report.rejected.INTERNAL).toBeUndefined();
    expect(Object.keys(report.injected).sort()).toEqual([
      'conflict',
      'crash-after-commit',
      'lost-response',
      'throttle',
    ]);
    expect(report.succeeded.transfer).toBeGreaterThan(0);
    expect(report.succeeded.give).toBeGreaterThan(0);
    expect(report.succeeded.purchase).toBeGreaterThan(0);
    expect(report.succeeded.spend).toBeGreaterThan(0);
    expect(report.succeeded.hold).toBeGreaterThan(0);
    expect(report.succeeded.capture).toBeGreaterThan(0);
    expect(report.succeeded.void).toBeGreaterThan(0);
  });
});
