import { Match } from 'aws-cdk-lib/assertions';
import { ITERATOR_AGE_ALARM_MS } from '#infra/stack/transaction-events';
import { deployedTableName, holdsTable, transactionsTable } from '#shared/tables';
import { environmentOf } from '#test/infra/support/functions';
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

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The publisher's role's statements, flattened. */
function publisherStatements(): Statement[] {
  const role = logicalId(dev.stack.events.fn.role);
  return Object.values(resources(dev.template, 'AWS::IAM::Policy'))
    .filter((policy) => referencedIds(policy.Properties?.Roles).includes(role))
    .flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument
          .Statement,
    );
}

function alarmOn(metricName: string, dimensionId: string) {
  return Object.values(resources(dev.template, 'AWS::CloudWatch::Alarm'))
    .map((alarm) => alarm.Properties as Record<string, unknown>)
    .find(
      (alarm) =>
        alarm.MetricName === metricName &&
        (alarm.Dimensions as { Value: unknown }[]).some(
          (d) => referencedIds(d.Value)[0] === dimensionId,
        ),
    );
}

describe('events out', () => {
  it.each([
    ['transactions', transactionsTable],
    ['holds', holdsTable],
  ])(
    'streams the %s table’s new images (a deployed table gains the stream in place)',
    (_, table) => {
      dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: deployedTableName('dev', table),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    },
  );

  it('creates the stage’s bus, daswos-coins-<stage>, and names it and the two streamed tables to the publisher', () => {
    dev.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'daswos-coins-dev' });
    expect(environmentOf(dev.template, dev.stack.events.fn)).toMatchObject({
      EVENT_BUS_NAME: { Ref: logicalId(dev.stack.events.bus) },
      TRANSACTIONS_TABLE: { Ref: logicalId(dev.stack.data.tables.transactions) },
      HOLDS_TABLE: { Ref: logicalId(dev.stack.data.tables.holds) },
    });
  });

  it('feeds one publisher from exactly the two streams', () => {
    const fn = logicalId(dev.stack.events.fn.function);
    const sources = Object.values(resources(dev.template, 'AWS::Lambda::EventSourceMapping'))
      .map((mapping) => mapping.Properties as Record<string, unknown>)
      .filter((mapping) => referencedIds(mapping.FunctionName)[0] === fn)
      .map((mapping) => referencedIds(mapping.EventSourceArn)[0])
      .sort();
    expect(sources).toEqual(
      [
        logicalId(dev.stack.data.tables.holds),
        logicalId(dev.stack.data.tables.transactions),
      ].sort(),
    );
  });

  it.each(['transactions', 'holds'] as const)(
    'feeds the publisher from the %s stream in order, retrying failed records only, then dead-lettering them',
    (table) => {
      dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(dev.stack.events.fn.function) },
        EventSourceArn: {
          'Fn::GetAtt': [logicalId(dev.stack.data.tables[table]), 'StreamArn'],
        },
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 6 * 3600,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [logicalId(dev.stack.events.deadLetters), 'Arn'] },
          },
        },
      });
    },
  );

  it('may put events on its own bus only, and read only the transactions and holds streams', () => {
    const statements = publisherStatements();
    const putEvents = statements.filter((s) => [s.Action].flat().includes('events:PutEvents'));
    expect(putEvents).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [logicalId(dev.stack.events.bus), 'Arn'] },
      },
    ]);
    const streamReads = statements.filter((s) =>
      [s.Action].flat().some((a) => a === 'dynamodb:GetRecords'),
    );
    const streamArns = streamReads.flatMap((s) => [s.Resource].flat());
    expect(streamArns).toHaveLength(2);
    expect(streamArns).toEqual(
      expect.arrayContaining(
        (['transactions', 'holds'] as const).map((table) => ({
          'Fn::GetAtt': [logicalId(dev.stack.data.tables[table]), 'StreamArn'],
        })),
      ),
    );
    // Nothing else of DynamoDB: the publisher never touches a table.
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) {
        expect(action).not.toMatch(
          /^dynamodb:(Put|Update|Delete|Get(?!Records|ShardIterator)|Query|Scan|BatchWrite)/,
        );
      }
    }
  });

  it('keeps dead letters encrypted, over TLS only, for 14 days', () => {
    const queue = resources(dev.template, 'AWS::SQS::Queue')[
      logicalId(dev.stack.events.deadLetters)
    ];
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(dev.stack.events.deadLetters) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms on any dead letter, on errors, and on the publisher falling 5 minutes behind', () => {
    const topic = logicalId(dev.stack.monitoring.topic);
    const deadLetters = Object.values(resources(dev.template, 'AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties as Record<string, unknown>)
      .find(
        (alarm) =>
          alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(alarm.Dimensions).includes(logicalId(dev.stack.events.deadLetters)),
      );
    expect(deadLetters).toMatchObject({ Threshold: 1, Namespace: 'AWS/SQS' });
    expect(referencedIds(deadLetters?.AlarmActions)).toEqual([topic]);

    const fn = logicalId(dev.stack.events.fn.function);
    expect(alarmOn('Errors', fn)).toMatchObject({ Threshold: 1 });
    const iteratorAge = alarmOn('IteratorAge', fn);
    expect(iteratorAge).toMatchObject({ Threshold: ITERATOR_AGE_ALARM_MS, Statistic: 'Maximum' });
    expect(referencedIds(iteratorAge?.AlarmActions)).toEqual([topic]);
  });
});
