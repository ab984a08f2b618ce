import { parseArgs } from 'node:util';
import { logger } from '#shared/logger';
import { formatLoadReport, runLoadAndFaults } from '#test/load/load-and-fault';

/** `npm run test:load [-- --operations N --seed S]`: the full load-and-fault run, one table. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      operations: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '20261124' },
      'in-flight': { type: 'string', default: '32' },
      'fault-rate': { type: 'string', default: '0.1' },
    },
  });
  // Thousands of requests and injected crashes: the table is the output, not the request logs.
  logger.setLogLevel('CRITICAL');
  const report = await runLoadAndFaults({
    seed: Number(values.seed),
    operations: Number(values.operations),
    inFlight: Number(values['in-flight']),
    faultRate: Number(values['fault-rate']),
    restartDynamoAt: 0.5,
  });
  console.info(formatLoadReport(report));
  const clean =
    report.audit.ok && report.lost === 0 && report.doubled === 0 && !report.rejected.GAVE_UP;
  return clean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
