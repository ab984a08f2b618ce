import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { handler } from '#functions/create-wallet-on-sign-up';
import { createTables } from '#shared/dynamo/create-tables';
import { defaultLedger } from '#shared/ledger/ledger';
import { tableNamesFromEnv } from '#shared/tables';
import { dynamoEndpoint, uniqueTablePrefix } from '#test/support/ledger-fixture';

function postConfirmationEvent(
  sub: string,
  triggerSource = 'PostConfirmation_ConfirmSignUp',
): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_test',
    userName: sub,
    triggerSource,
    callerContext: { awsSdkVersion: 'test', clientId: 'client' },
    request: { userAttributes: { sub, email: `${sub}@example.com` } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

describe('create-wallet-on-sign-up (Cognito post-confirmation trigger)', () => {
  beforeAll(async () => {
    process.env.DYNAMODB_ENDPOINT = dynamoEndpoint();
    const tables = tableNamesFromEnv({}, uniqueTablePrefix());
    process.env.SUPPLY_TABLE = tables.supply;
    process.env.WALLETS_TABLE = tables.wallets;
    process.env.TRANSACTIONS_TABLE = tables.transactions;
    process.env.ADMIN_TABLE = tables.admin;
    const admin = new DynamoDBClient({
      endpoint: dynamoEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(admin, tables);
    await defaultLedger().seed();
  });

  it('creates a wallet at zero for the confirmed user and returns the event to Cognito', async () => {
    const event = postConfirmationEvent('4f1c2d7e-0000-4000-8000-000000000001');

    const result = await handler(event);

    expect(result).toBe(event);
    expect(await defaultLedger().getBalance('4f1c2d7e-0000-4000-8000-000000000001')).toBe(0);
  });

  it('is idempotent: a repeated trigger keeps the existing wallet and its coins', async () => {
    const sub = '4f1c2d7e-0000-4000-8000-000000000002';
    await handler(postConfirmationEvent(sub));
    await defaultLedger().mint({ to: sub, amount: 9, type: 'giveaway' });

    await handler(postConfirmationEvent(sub));

    expect(await defaultLedger().getBalance(sub)).toBe(9);
  });

  it('ignores the forgot-password confirmation', async () => {
    const sub = '4f1c2d7e-0000-4000-8000-000000000003';

    await handler(postConfirmationEvent(sub, 'PostConfirmation_ConfirmForgotPassword'));

    await expect(defaultLedger().getBalance(sub)).rejects.toThrow('has no wallet');
  });

  it('refuses to create a wallet for the DASWOS AI id', async () => {
    await expect(handler(postConfirmationEvent('0'))).rejects.toThrow('DASWOS AI');
  });
});
