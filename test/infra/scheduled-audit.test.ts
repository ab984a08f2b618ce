import { Match } from 'aws-cdk-lib/assertions';
import { routes } from '#infra/routes';
import { CHECKPOINT_MARGIN_MS } from '#shared/audit/audit-checkpoints';
import { allFunctions, functionProperties } from '#test/infra/support/functions';
import {
  logicalId,
  referencedIds,
  resources,
  type Synthesized,
  synthesize,
} from '#test/infra/support/synth';

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

  it('hands on checkpoints a margin longer than any posting function can run', () => {
    // A posting is timestamped before it commits; the audit's checkpoints trust that no record
    // commits later than CHECKPOINT_MARGIN_MS after its timestamp.
    const transactions = logicalId(dev.stack.data.tables.transactions);
    const policies = Object.values(resources(dev.template, 'AWS::IAM::Policy'));
    const posting = [...allFunctions(dev.stack, routes)].filter(([, fn]) =>
      policies.some((policy) => {
        const props = policy.Properties as {
          Roles: unknown[];
          PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
        };
        if (!referencedIds(props.Roles).includes(logicalId(fn.role))) return false;
        return props.PolicyDocument.Statement.some(
          (statement) =>
            [statement.Action].flat().includes('dynamodb:PutItem') &&
            referencedIds(statement.Resource).includes(transactions),
        );
      }),
    );

    expect(posting.map(([name]) => name)).toEqual(
      expect.arrayContaining(['transfer-coins', 'stripe-webhook', 'capture-hold']),
    );
    const longestMs = Math.max(
      ...posting.map(([, fn]) => functionProperties(dev.template, fn).Timeout * 1_000),
    );
    expect(longestMs).toBeLessThan(CHECKPOINT_MARGIN_MS / 2);
  });
});
