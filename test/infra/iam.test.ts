import { type RouteDefinition, routes } from '#infra/routes';
import type { ServiceFunction } from '#infra/stack/service-function';
import { tableDefinitionsByKey } from '#infra/stack/table-access';
import { allFunctions, environmentOf } from '#test/infra/support/functions';
import {
  logicalId,
  referencedIds,
  resources,
  type Synthesized,
  synthesize,
} from '#test/infra/support/synth';

const routeTable: readonly RouteDefinition[] = routes;
const CLIENT_URL = 'https://coins.example.com';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize({ context: { clientUrl: CLIENT_URL } });
});
afterAll(() => dev?.cleanUp());

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** A readable name for a policy resource: table:<key>[/index/<name>], own-logs, stripe-secret. */
function describeResource(value: unknown, fn: ServiceFunction): string {
  const [id, ...more] = referencedIds(value);
  if (more.length > 0 || id === undefined) return JSON.stringify(value);
  const suffix = (() => {
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    return join ? join[1].filter((part) => typeof part === 'string').join('') : '';
  })();
  if (id === logicalId(fn.logGroup)) return `own-logs${suffix}`;
  const secret = dev.stack.routeFunctions.stripeSecret;
  if (secret && id === logicalId(secret)) return `stripe-secret${suffix}`;
  for (const [key, table] of Object.entries(dev.stack.data.tables)) {
    if (id === logicalId(table)) return `table:${key}${suffix}`;
  }
  return JSON.stringify(value);
}

/** Every "action on resource" the function's role allows, from all policies attached to it. */
function grantsOf(fn: ServiceFunction): string[] {
  const role = logicalId(fn.role);
  const grants: string[] = [];
  for (const policy of Object.values(resources(dev.template, 'AWS::IAM::Policy'))) {
    const props = policy.Properties as {
      Roles: unknown[];
      PolicyDocument: { Statement: Statement[] };
    };
    if (!referencedIds(props.Roles).includes(role)) continue;
    for (const statement of props.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      const actions = [statement.Action].flat();
      const targets = [statement.Resource].flat();
      for (const action of actions)
        for (const target of targets) grants.push(`${action} on ${describeResource(target, fn)}`);
    }
  }
  return grants.sort();
}

/** What every function may do: write its own logs, and send its X-Ray segments (active tracing;
 * X-Ray has no resource-level permissions for these two actions). */
const LOGS = [
  'logs:CreateLogStream on own-logs',
  'logs:PutLogEvents on own-logs',
  'xray:PutTelemetryRecords on "*"',
  'xray:PutTraceSegments on "*"',
];
const read = (table: string) => [`dynamodb:GetItem on table:${table}`];
const write = (table: string) =>
  ['PutItem', 'UpdateItem', 'ConditionCheckItem'].map((a) => `dynamodb:${a} on table:${table}`);
const HISTORY_INDEXES = [
  'dynamodb:Query on table:transactions/index/by_recipient',
  'dynamodb:Query on table:transactions/index/by_sender',
];

/** Written out by hand for the routes whose code we know: the derivation must agree. */
const explicitGrants: Record<string, string[]> = {
  'get-balance': [...LOGS, ...read('wallets')],
  'list-transactions': [...LOGS, ...read('transactions'), ...HISTORY_INDEXES],
  'transfer-coins': [...LOGS, ...read('wallets'), ...write('wallets'), ...write('transactions')],
  // The reserve's shard count and snapshot (GetItem on supply and wallets); no supply write.
  'give-coins': [
    ...LOGS,
    ...read('supply'),
    ...read('wallets'),
    ...write('wallets'),
    ...write('transactions'),
    ...write('admin'),
  ],
  'approve-grant': [
    ...LOGS,
    ...read('supply'),
    ...read('wallets'),
    ...write('wallets'),
    ...write('transactions'),
    ...read('admin'),
    ...write('admin'),
    'dynamodb:Query on table:admin/index/by_list',
  ],
  'admin-freeze-wallet': [...LOGS, ...write('wallets'), ...write('admin')],
  // One TransactGetItems of the supply row and the reserve's items: GetItem on both tables.
  'get-supply': [...LOGS, ...read('supply'), ...read('wallets')],
  'list-plans': LOGS,
  'get-subscription': [...LOGS, ...read('subscriptions')],
  'get-referral': [...LOGS, ...read('referrals'), ...write('referrals')],
  'claim-referral': [...LOGS, ...read('referrals'), ...write('referrals')],
  'list-reward-rules': LOGS,
  'authorize-user': LOGS,
  'authorize-admin': LOGS,
  'authorize-service': LOGS,
  // Query on the sparse expiry index; the release's two UpdateItems; GetItem to re-read a hold.
  'sweep-expired-holds': [
    ...LOGS,
    'dynamodb:Query on table:holds/index/by_expiry',
    'dynamodb:GetItem on table:holds',
    'dynamodb:UpdateItem on table:holds',
    'dynamodb:UpdateItem on table:wallets',
  ],
  'spend-coins': [
    ...LOGS,
    ...read('supply'),
    ...read('wallets'),
    ...write('wallets'),
    ...write('transactions'),
  ],
  'create-wallet-on-sign-up': [
    ...LOGS,
    'dynamodb:GetItem on table:wallets',
    'dynamodb:PutItem on table:wallets',
  ],
  // Read-only on the ledger: it scans, re-reads wallets and the reserve (GetItem, which also
  // authorizes TransactGetItems), replays wallets from the history indexes and a user's holds;
  // it writes only its own checkpoints. (It once had Scan alone, and every read but the scans
  // would have been denied in AWS.)
  'audit-ledger': [
    ...LOGS,
    ...['supply', 'wallets', 'transactions', 'purchases', 'admin', 'holds', 'subscriptions']
      .concat(['referrals', 'rewardCounters', 'audit'])
      .flatMap((table) => [...read(table), `dynamodb:Scan on table:${table}`]),
    ...HISTORY_INDEXES,
    'dynamodb:Query on table:holds/index/by_user',
    ...write('audit'),
  ],
};

/** What a route's table access and `stripe` flag allow, derived from the route table. */
function derivedGrants(route: RouteDefinition): string[] {
  const grants = [...LOGS];
  for (const [key, access] of Object.entries(route.tables)) {
    if (access === 'read' || access === 'readWrite') {
      grants.push(...read(key));
      const definition = tableDefinitionsByKey[key as keyof typeof tableDefinitionsByKey];
      for (const index of definition.globalIndexes)
        grants.push(`dynamodb:Query on table:${key}/index/${index.indexName}`);
    }
    if (access === 'write' || access === 'readWrite') grants.push(...write(key));
  }
  if (route.stripe) grants.push('secretsmanager:GetSecretValue on stripe-secret');
  return grants.sort();
}

describe('each function may do exactly what its route needs', () => {
  test.each(Object.keys(explicitGrants))('%s (written out)', (name) => {
    const fn = allFunctions(dev.stack, routeTable).get(name);
    if (!fn) throw new Error(`no function ${name}`);
    expect(grantsOf(fn)).toEqual([...(explicitGrants[name] ?? [])].sort());
  });

  test.each(routeTable.map((route) => [route.handler, route] as const))(
    '%s (derived from the route table)',
    (handler, route) => {
      expect(grantsOf(dev.stack.routeFunctions.functionFor(handler))).toEqual(derivedGrants(route));
    },
  );

  test('no wildcard action, no policy outside a function role, no managed policy on them', () => {
    const functionRoles = new Set(
      [...allFunctions(dev.stack, routeTable).values()].map((fn) => logicalId(fn.role)),
    );
    // CDK's web-page upload function writes its own grants (checked in web-hosting.test.ts).
    const webDeployRole = dev.stack.web.deployRole && logicalId(dev.stack.web.deployRole);
    for (const policy of Object.values(resources(dev.template, 'AWS::IAM::Policy'))) {
      const props = policy.Properties as {
        Roles: unknown[];
        PolicyDocument: { Statement: Statement[] };
      };
      if (referencedIds(props.Roles).every((role) => role === webDeployRole)) continue;
      for (const role of referencedIds(props.Roles)) expect(functionRoles.has(role)).toBe(true);
      for (const statement of props.PolicyDocument.Statement)
        for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
    }
    for (const [id, role] of Object.entries(resources(dev.template, 'AWS::IAM::Role'))) {
      if (functionRoles.has(id)) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('environment', () => {
  test('table names reach exactly the functions that use the tables', () => {
    for (const route of routeTable) {
      const env = environmentOf(dev.template, dev.stack.routeFunctions.functionFor(route.handler));
      for (const [key, definition] of Object.entries(tableDefinitionsByKey)) {
        const table = dev.stack.data.tables[key as keyof typeof tableDefinitionsByKey];
        if (key in route.tables) expect(env[definition.envVar]).toEqual({ Ref: logicalId(table) });
        else expect(env[definition.envVar]).toBeUndefined();
      }
    }
    expect(environmentOf(dev.template, dev.stack.auth.createWallet)).toMatchObject({
      WALLETS_TABLE: { Ref: logicalId(dev.stack.data.tables.wallets) },
    });
  });

  test('no secret value in any function environment', () => {
    for (const [name, fn] of allFunctions(dev.stack, routeTable)) {
      for (const [variable, value] of Object.entries(environmentOf(dev.template, fn))) {
        const text = JSON.stringify(value);
        expect(text).not.toMatch(/\b(sk|rk|pk)_(live|test)_|whsec_/);
        if (/SECRET|PASSWORD|TOKEN|PRIVATE|_KEY$/.test(variable)) {
          // Only a pointer to Secrets Manager may carry such a name.
          expect([name, variable]).toEqual([name, 'STRIPE_SECRET_ARN']);
          const secret = dev.stack.routeFunctions.stripeSecret;
          expect(value).toEqual({ Ref: secret && logicalId(secret) });
        }
      }
    }
  });

  test('the Stripe secret: created without a value, read by the stripe routes only', () => {
    const stripeRoutes = routeTable.filter((route) => route.stripe);
    const secrets = Object.values(resources(dev.template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(stripeRoutes.length > 0 ? 1 : 0);
    for (const secret of secrets) {
      expect(secret.Properties?.SecretString).toBeUndefined();
      expect(secret.DeletionPolicy).toBe('Retain');
    }
    for (const [name, fn] of allFunctions(dev.stack, routeTable)) {
      const usesStripe = stripeRoutes.some((route) => route.handler === name);
      const env = environmentOf(dev.template, fn);
      expect('STRIPE_SECRET_ARN' in env).toBe(usesStripe);
      expect(env.CLIENT_URL).toBe(usesStripe ? CLIENT_URL : undefined);
      expect(grantsOf(fn).some((grant) => grant.startsWith('secretsmanager:'))).toBe(usesStripe);
    }
  });
});

describe('route tables with and without Stripe', () => {
  test('no Stripe route: no secret, no STRIPE_SECRET_ARN anywhere', () => {
    const plain = synthesize({ routes: routeTable.filter((route) => !route.stripe) });
    try {
      plain.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(JSON.stringify(plain.template.toJSON())).not.toContain('STRIPE_SECRET_ARN');
    } finally {
      plain.cleanUp();
    }
  });
});
