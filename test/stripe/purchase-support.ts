import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { createDocumentClient } from '#shared/dynamo/client';
import { API_BASE_PATH, type StripeTestSystem } from '#test/stripe/harness';

/** Helpers of the money-path tests: purchases through the stand-in, what Stripe holds, metrics. */
type Json = Record<string, unknown>;

/** The real SDK pointed at the stand-in, to read what "Stripe" holds. */
export function stripeClient(t: StripeTestSystem): Stripe {
  const api = new URL(t.stripe.apiUrl);
  return new Stripe('sk_local_tests', { host: api.hostname, port: api.port, protocol: 'http' });
}

/** POST /purchase for a bundle; the session id. */
export async function openPurchase(
  t: StripeTestSystem,
  token: string,
  bundleId: string,
): Promise<string> {
  const answer = await t.request('POST', `${API_BASE_PATH}/purchase`, {
    token,
    body: { bundleId },
  });
  if (answer.status !== 200) throw new Error(`POST /purchase: ${answer.status} ${answer.text}`);
  return String(answer.body.sessionId);
}

/** Pays a session on the stand-in without delivering the event; the paid session as Stripe has it. */
export async function payQuietly(t: StripeTestSystem, sessionId: string): Promise<Json> {
  await t.stripe.pay(sessionId, { deliver: false });
  return structuredClone(t.stripe.session(sessionId) ?? {});
}

/** The refunds Stripe made of the session's payment, newest first. */
export async function refundsOf(t: StripeTestSystem, sessionId: string) {
  const stripe = stripeClient(t);
  const intent = await stripe.paymentIntents.retrieve(
    String(t.stripe.session(sessionId)?.payment_intent),
  );
  const charge = await stripe.charges.retrieve(String(intent.latest_charge));
  return { charge, refunds: (charge.refunds?.data ?? []) as Stripe.Refund[] };
}

export function getPurchase(t: StripeTestSystem, token: string, sessionId: string) {
  return t.request('GET', `${API_BASE_PATH}/purchases/${encodeURIComponent(sessionId)}`, { token });
}

/** Deletes an item directly, as an operator or a failed trigger leaves the tables. */
export async function deleteItem(
  t: StripeTestSystem,
  table: 'wallets' | 'purchases',
  key: Record<string, string>,
): Promise<void> {
  const db = createDocumentClient({ endpoint: t.system.dynamoEndpoint });
  await db.send(new DeleteCommand({ TableName: t.tables[table], Key: key }));
  db.destroy();
}

/** The EMF metric lines written to stdout while `run` runs (the rest of stdout is dropped). */
export async function metricsDuring<T>(
  run: () => Promise<T>,
): Promise<{ result: T; lines: Json[] }> {
  const lines: Json[] = [];
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    for (const text of String(chunk).split('\n')) {
      if (text.includes('"_aws"')) lines.push(JSON.parse(text) as Json);
    }
    return true;
  });
  try {
    return { result: await run(), lines };
  } finally {
    spy.mockRestore();
    if (disabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = disabled;
  }
}
