import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, type Synthesized, synthesize } from '#test/infra/support/synth';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

describe('scheduled ledger audit', () => {
  it('runs the audit function hourly, without asynchronous retries', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(dev.stack.audit.fn.function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('alarms on any failed audit', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Threshold: 1,
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalId(dev.stack.audit.fn.function) } },
      ],
      AlarmDescription: Match.stringLikeRegexp('ledger audit'),
    });
  });
});
