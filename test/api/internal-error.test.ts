import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { logger } from '#shared/logger';
import { tableNamesFromEnv } from '#shared/tables';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('an internal failure', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
  });

  afterAll(async () => {
    await api.stop();
  });

  it('answers a generic 500 with the request id, logs the cause with the same id, and leaks nothing', async () => {
    const token = await api.register('alice');
    const admin = new DynamoDBClient({
      endpoint: api.system.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const walletsTable = tableNamesFromEnv(process.env).wallets;
    await admin.send(new DeleteTableCommand({ TableName: walletsTable }));
    const logged = jest.spyOn(logger, 'error');

    const response = await api.request('GET', `${API}/balance`, { token });

    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(response.body.error.requestId).toEqual(expect.any(String));
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(walletsTable);
    expect(text).not.toMatch(/ResourceNotFound|stack|at /);
    expect(logged).toHaveBeenCalledWith('request failed', {
      requestId: response.body.error.requestId,
      error: expect.objectContaining({ name: 'ResourceNotFoundException' }),
    });
    admin.destroy();
  });
});
