import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type LocalSystem, startLocalSystem } from '#infra/local/local-system';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import {
  createTestLedger,
  dynamoEndpoint,
  type TestLedger,
  uniqueTablePrefix,
} from '#test/support/ledger-fixture';

/**
 * DynamoDB Local holds the whole ledger and checks no credentials: it must answer on this
 * machine's loopback interface only, and so must the local gateway and the Stripe stand-in. The
 * proof connects the way another machine on the network would, through each of this machine's
 * non-loopback addresses, after checking that the address does lead to this machine.
 */

/** This machine's addresses other machines can reach (link-local IPv6 needs a zone: left out). */
function networkAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && !info.internal)
    .filter((info) => !(info?.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80')))
    .map((info) => info?.address ?? '');
}

const hostOf = (address: string) => (address.includes(':') ? `[${address}]` : address);

function getSystemWallet(endpoint: string, walletsTable: string) {
  // Made-up credentials, as an outsider would send.
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'outsider', secretAccessKey: 'outsider' },
  });
  return client
    .send(new GetItemCommand({ TableName: walletsTable, Key: { user_id: { S: SYSTEM_USER_ID } } }))
    .finally(() => client.destroy());
}

function listenOnAllInterfaces(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((_request, response) => response.end('ok'));
    server.once('error', reject);
    server.listen(0, () => resolve(server));
  });
}

function connects(host: string, port: number): Promise<boolean> {
  return fetch(`http://${hostOf(host)}:${port}/`).then(
    () => true,
    () => false,
  );
}

const ADDRESSES = networkAddresses();
/** Without a network interface there is no outside to test from: said, not silently passed. */
const withNetwork = ADDRESSES.length > 0 ? it : it.skip;

describe('DynamoDB Local on the network', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await createTestLedger();
  });

  afterAll(async () => {
    await ledger?.destroy();
  });

  it('serves the ledger on the loopback interface', async () => {
    const { Item } = await getSystemWallet(dynamoEndpoint(), ledger.tables.wallets);

    expect(Item?.user_id?.S).toBe(SYSTEM_USER_ID);
  });

  withNetwork(
    `reads no ledger data through this machine's other addresses (${ADDRESSES.join(', ') || 'none: skipped'})`,
    async () => {
      const port = Number(new URL(dynamoEndpoint()).port);
      const control = await listenOnAllInterfaces();
      const controlPort = (control.address() as { port: number }).port;
      try {
        for (const address of ADDRESSES) {
          // The address leads to this machine: a server on every interface answers on it.
          expect(await connects(address, controlPort)).toBe(true);

          const read = getSystemWallet(`http://${hostOf(address)}:${port}`, ledger.tables.wallets);

          await expect(read).rejects.toThrow(/ECONNREFUSED/);
        }
      } finally {
        control.close();
      }
    },
  );
});

describe('npm start on the network', () => {
  let system: LocalSystem;

  beforeAll(async () => {
    system = await startLocalSystem({
      port: 0,
      dynamoEndpoint: dynamoEndpoint(),
      tablePrefix: uniqueTablePrefix(),
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  withNetwork('answers on the loopback interface only: gateway and Stripe stand-in', async () => {
    const ports = {
      gateway: system.gateway.port,
      stripe: Number(new URL(system.stripe?.apiUrl ?? '').port),
    };
    const control = await listenOnAllInterfaces();
    const controlPort = (control.address() as { port: number }).port;
    try {
      expect(await connects('127.0.0.1', ports.gateway)).toBe(true);
      expect(await connects('127.0.0.1', ports.stripe)).toBe(true);
      for (const address of ADDRESSES) {
        expect(await connects(address, controlPort)).toBe(true);

        expect(await connects(address, ports.gateway)).toBe(false);
        expect(await connects(address, ports.stripe)).toBe(false);
      }
    } finally {
      control.close();
    }
  });
});
