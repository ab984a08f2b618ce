import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, type Synthesized, synthesize } from '#test/infra/support/synth';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

describe('hold sweeper', () => {
  it('runs every minute, the next run being the retry', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(dev.stack.holdSweeper.fn.function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('alarms on a failed sweep', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Threshold: 1,
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalId(dev.stack.holdSweeper.fn.function) } },
      ],
    });
  });

  it('has the holds table with its sparse expiry index', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'dev_daswos_holds',
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'by_expiry',
          KeySchema: [
            { AttributeName: 'sweep_bucket', KeyType: 'HASH' },
            { AttributeName: 'expires_at', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });
});
