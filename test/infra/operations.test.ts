import { Template } from 'aws-cdk-lib/assertions';
import { routes } from '#infra/routes';
import { API_GATEWAY_ACCOUNT_STACK } from '#infra/stack/api-gateway-account';
import { AUDIT_HEARTBEAT } from '#infra/stack/monitoring';
import { allFunctions } from '#test/infra/support/functions';
import {
  logicalId,
  referencedIds,
  resources,
  type Synthesized,
  synthesize,
} from '#test/infra/support/synth';

let dev: Synthesized;
let prod: Synthesized;
beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ stage: 'prod', context: { alarmEmail: 'ops@example.com' } });
});
afterAll(() => {
  dev?.cleanUp();
  prod?.cleanUp();
});

const accountTemplate = (synthesized: Synthesized) =>
  Template.fromJSON(synthesized.assembly.getStackByName(API_GATEWAY_ACCOUNT_STACK).template);

describe('alarms reach someone', () => {
  test('stage=prod without alarmEmail fails synthesis, saying what to pass', () => {
    expect(() => synthesize({ stage: 'prod' })).toThrow(
      /stage=prod needs an alarm address: pass -c alarmEmail=/,
    );
  });

  test('prod subscribes the alarm address to the alarm topic', () => {
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalId(prod.stack.monitoring.topic) },
    });
  });
});

describe('the scheduled audit', () => {
  test('Lambda does not retry a failed audit on its own (EventInvokeConfig retries 0)', () => {
    const configs = Object.values(resources(dev.template, 'AWS::Lambda::EventInvokeConfig'));
    const audit = logicalId(dev.stack.audit.fn.function);

    expect(configs.map((config) => config.Properties)).toEqual([
      expect.objectContaining({
        FunctionName: { Ref: audit },
        MaximumRetryAttempts: 0,
        Qualifier: '$LATEST',
      }),
    ]);
  });

  test('a heartbeat alarm fires when no audit has succeeded for 2 hours, silence included', () => {
    const audit = logicalId(dev.stack.audit.fn.function);
    const heartbeats = Object.values(resources(dev.template, 'AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties as Record<string, unknown>)
      .filter((alarm) => Array.isArray(alarm.Metrics));

    expect(heartbeats).toHaveLength(1);
    const [heartbeat] = heartbeats as [
      Record<string, unknown> & { Metrics: Record<string, unknown>[] },
    ];
    expect(heartbeat).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
    expect(referencedIds(heartbeat.AlarmActions)).toEqual([logicalId(dev.stack.monitoring.topic)]);
    const expression = heartbeat.Metrics.find((metric) => 'Expression' in metric);
    expect(expression).toMatchObject({
      Expression: 'invocations - FILL(errors, 0)',
      ReturnData: true,
    });
    const inputs = heartbeat.Metrics.filter((metric) => 'MetricStat' in metric) as {
      Id: string;
      MetricStat: {
        Metric: { MetricName: string; Dimensions: { Value: unknown }[] };
        Period: number;
      };
    }[];
    expect(inputs.map((input) => [input.Id, input.MetricStat.Metric.MetricName]).sort()).toEqual([
      ['errors', 'Errors'],
      ['invocations', 'Invocations'],
    ]);
    for (const input of inputs) {
      expect(input.MetricStat.Period).toBe(AUDIT_HEARTBEAT.toSeconds());
      expect(referencedIds(input.MetricStat.Metric.Dimensions)).toEqual([audit]);
    }
  });
});

describe('tracing', () => {
  test('active X-Ray tracing on the API stage', () => {
    dev.template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
  });

  test('active tracing on every function (routes, authorizers, sign-up trigger, audit)', () => {
    const functions = Object.values(resources(dev.template, 'AWS::Lambda::Function')).filter((fn) =>
      (fn.Properties?.Runtime as string | undefined)?.startsWith('nodejs'),
    );
    const ours = new Set(
      [...allFunctions(dev.stack, routes).values()].map((fn) => logicalId(fn.function)),
    );
    const traced = Object.entries(resources(dev.template, 'AWS::Lambda::Function'))
      .filter(([, fn]) => (fn.Properties?.TracingConfig as { Mode?: string })?.Mode === 'Active')
      .map(([id]) => id);

    expect(functions.length).toBeGreaterThan(0);
    expect(traced.sort()).toEqual([...ours].sort());
  });
});

describe('API Gateway account settings', () => {
  test('no stage stack sets the account-wide CloudWatch role', () => {
    for (const stage of [dev, prod]) {
      stage.template.resourceCountIs('AWS::ApiGateway::Account', 0);
      const roles = Object.values(resources(stage.template, 'AWS::IAM::Role'));
      const apiGatewayRoles = roles.filter((role) =>
        JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes(
          'apigateway.amazonaws.com',
        ),
      );
      expect(apiGatewayRoles).toEqual([]);
    }
  });

  test('one account stack sets it, the same for every stage, and each stage depends on it', () => {
    const fromDev = accountTemplate(dev);
    const fromProd = accountTemplate(prod);

    fromDev.resourceCountIs('AWS::ApiGateway::Account', 1);
    expect(fromProd.toJSON()).toEqual(fromDev.toJSON());
    for (const stage of [dev, prod]) {
      expect(
        stage.assembly.getStackByName(stage.stack.stackName).dependencies.map((d) => d.id),
      ).toContain(API_GATEWAY_ACCOUNT_STACK);
    }
    const [account] = Object.values(resources(fromDev, 'AWS::ApiGateway::Account'));
    expect(account?.DeletionPolicy).toBe('Retain');
  });
});
