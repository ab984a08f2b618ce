import { freePort } from '#infra/local/dynamodb-local';
import { type LocalSystem, startLocalSystem } from '#infra/local/local-system';
import { API_BASE_PATH } from '#infra/routes';
import { dynamoEndpoint, uniqueTablePrefix } from '#test/support/ledger-fixture';

/**
 * `PORT=5621 npm start` must bring the buyer back to port 5621 after Checkout, not to the
 * default 5000: the system here starts the way `npm start` does, on the port PORT names.
 */
describe('Checkout return address', () => {
  let system: LocalSystem;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    process.env.PORT = String(port);
    delete process.env.CLIENT_URL;
    system = await startLocalSystem({
      port: Number(process.env.PORT),
      dynamoEndpoint: dynamoEndpoint(),
      tablePrefix: uniqueTablePrefix(),
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${system.url}${path}`, { method: 'POST', body, headers, redirect: 'manual' });

  it('follows the port the server listens on when CLIENT_URL is unset', async () => {
    const json = { 'content-type': 'application/json' };
    const signedIn = await post('/local/token', JSON.stringify({ sub: 'returning-buyer' }), json);
    const { token } = (await signedIn.json()) as { token: string };
    const open = async () => {
      const opened = await post(`${API_BASE_PATH}/purchase`, '{"bundleId":"coins-100"}', {
        ...json,
        authorization: `Bearer ${token}`,
      });
      return ((await opened.json()) as { sessionId: string }).sessionId;
    };
    const [sessionId, abandoned] = [await open(), await open()];

    const paid = await post('/local/stripe/checkout/pay', `session_id=${sessionId}`, FORM);
    const cancelled = await post('/local/stripe/checkout/cancel', `session_id=${abandoned}`, FORM);

    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `http://localhost:${port}/daswos-coins/success?session_id=${sessionId}`,
    );
    expect(cancelled.headers.get('location')).toBe(`http://localhost:${port}/daswos-coins/cancel`);
  });
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
