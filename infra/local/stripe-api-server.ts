import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { parseFormBody } from '#infra/local/form-body';
import {
  checkoutSessionObject,
  localId,
  StandInError,
  type StripeObject,
  stripeError,
} from '#infra/local/stripe-objects';

/** The stand-in's memory: what it created, by id. */
export interface StandInState {
  readonly sessions: Map<string, { object: StripeObject; params: CheckoutParams }>;
  readonly paymentIntents: Map<string, StripeObject>;
  readonly charges: Map<string, StripeObject>;
  /** The local gateway: checkout pages and the webhook live there. */
  gatewayUrl: string | undefined;
  /**
   * Refunds a PaymentIntent's charge (all that is left of it, or `amount`) and sends the signed
   * `charge.refunded` to the webhook after answering, as Stripe does. Set by the stand-in.
   */
  refundPayment?: (request: {
    paymentIntentId: string;
    amount: number | undefined;
    metadata: Record<string, string>;
  }) => StripeObject;
  /** Stripe Billing (customers, subscriptions, invoices, the portal): answers what it implements. */
  billingApi?: (
    method: string,
    url: URL,
    idempotencyKey: string | undefined,
    body: string,
  ) => { status: number; body: unknown } | undefined;
}

const metadataSchema = z.record(z.string(), z.string()).default({});

/** The part of Checkout's create parameters the stand-in implements. */
const checkoutParamsSchema = z.object({
  mode: z.literal('payment', { error: 'the stand-in supports mode=payment only' }),
  line_items: z
    .array(
      z.object({
        quantity: z.coerce.number().int().min(1).default(1),
        price_data: z.object({
          currency: z.string().regex(/^[a-z]{3}$/),
          unit_amount: z.coerce.number().int().min(1),
          product_data: z.object({ name: z.string().min(1) }),
        }),
      }),
    )
    .length(1, 'the stand-in supports one line item'),
  client_reference_id: z.string().max(200).optional(),
  metadata: metadataSchema,
  payment_intent_data: z.object({ metadata: metadataSchema }).default({ metadata: {} }),
  success_url: z.string().regex(/^https?:\/\//),
  cancel_url: z.string().regex(/^https?:\/\//),
});
export type CheckoutParams = z.infer<typeof checkoutParamsSchema>;

/** The part of the Refunds API's create parameters the stand-in implements. */
const refundParamsSchema = z.object({
  payment_intent: z.string().min(1, { error: 'payment_intent is required' }),
  amount: z.coerce.number().int().min(1).optional(),
  metadata: metadataSchema,
});

type ApiAnswer = { status: number; body: unknown };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The slice of Stripe's REST API the app calls, for the real SDK to talk to: create, list (by
 * PaymentIntent) and retrieve Checkout Sessions, retrieve PaymentIntents and Charges, create
 * Refunds (by PaymentIntent).
 */
export async function startStripeApiServer(
  state: StandInState,
): Promise<{ url: string; stop(): Promise<void> }> {
  // Stripe replays a request made with a used Idempotency-Key, and refuses other parameters.
  const idempotent = new Map<string, { body: string; session: StripeObject }>();

  function createSession(body: string, idempotencyKey: string | undefined): ApiAnswer {
    const earlier = idempotencyKey === undefined ? undefined : idempotent.get(idempotencyKey);
    if (earlier && earlier.body !== body) {
      return stripeError(
        400,
        'idempotency_error',
        'Keys can only be reused with the same parameters',
      );
    }
    if (earlier) return { status: 200, body: earlier.session };
    if (!state.gatewayUrl)
      return stripeError(503, 'api_error', 'The stand-in is not connected yet');
    const parsed = checkoutParamsSchema.safeParse(parseFormBody(body));
    const item = parsed.data?.line_items[0];
    if (!parsed.success || !item) {
      const message = parsed.error?.issues[0]?.message ?? 'line_items is required';
      return stripeError(400, 'invalid_request_error', message);
    }
    const params = parsed.data;
    const id = localId('cs_test');
    const session = checkoutSessionObject({
      id,
      amount: item.price_data.unit_amount * item.quantity,
      currency: item.price_data.currency,
      clientReferenceId: params.client_reference_id ?? null,
      metadata: params.metadata,
      successUrl: params.success_url,
      cancelUrl: params.cancel_url,
      url: `${state.gatewayUrl}/local/stripe/checkout?session_id=${id}`,
    });
    state.sessions.set(id, { object: session, params });
    if (idempotencyKey !== undefined) idempotent.set(idempotencyKey, { body, session });
    return { status: 200, body: session };
  }

  const idempotentRefunds = new Map<string, { body: string; refund: StripeObject }>();

  function createRefund(body: string, idempotencyKey: string | undefined): ApiAnswer {
    const earlier =
      idempotencyKey === undefined ? undefined : idempotentRefunds.get(idempotencyKey);
    if (earlier && earlier.body !== body) {
      return stripeError(
        400,
        'idempotency_error',
        'Keys can only be reused with the same parameters',
      );
    }
    if (earlier) return { status: 200, body: earlier.refund };
    const parsed = refundParamsSchema.safeParse(parseFormBody(body));
    if (!parsed.success) {
      return stripeError(400, 'invalid_request_error', parsed.error.issues[0]?.message ?? 'bad');
    }
    if (!state.refundPayment) return stripeError(503, 'api_error', 'Refunds are not connected');
    try {
      const refund = state.refundPayment({
        paymentIntentId: parsed.data.payment_intent,
        amount: parsed.data.amount,
        metadata: parsed.data.metadata,
      });
      if (idempotencyKey !== undefined) idempotentRefunds.set(idempotencyKey, { body, refund });
      return { status: 200, body: refund };
    } catch (error) {
      if (!(error instanceof StandInError)) throw error;
      const missing = error.status === 404 ? 'resource_missing' : undefined;
      return stripeError(
        error.status,
        'invalid_request_error',
        error.message,
        error.code ?? missing,
      );
    }
  }

  function listSessions(url: URL): ApiAnswer {
    const paymentIntent = url.searchParams.get('payment_intent');
    const data = [...state.sessions.values()]
      .map((entry) => entry.object)
      .filter((session) => paymentIntent === null || session.payment_intent === paymentIntent)
      .slice(0, Number(url.searchParams.get('limit') ?? 10));
    return { status: 200, body: { object: 'list', data, has_more: false, url: url.pathname } };
  }

  function retrieve(kind: string, id: string): ApiAnswer {
    const found =
      kind === 'charges'
        ? state.charges.get(id)
        : kind === 'payment_intents'
          ? state.paymentIntents.get(id)
          : state.sessions.get(id)?.object;
    if (found) return { status: 200, body: found };
    return stripeError(404, 'invalid_request_error', `No such object: '${id}'`, 'resource_missing');
  }

  function handle(method: string, url: URL, headers: IncomingMessage['headers'], body: string) {
    if (!/^Bearer \S+$/.test(headers.authorization ?? '')) {
      return stripeError(401, 'invalid_request_error', 'You did not provide an API key.');
    }
    const path = url.pathname;
    const idempotencyKey = headers['idempotency-key'];
    const billing = state.billingApi?.(
      method,
      url,
      typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      body,
    );
    if (billing) return billing;
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const key = headers['idempotency-key'];
      return createSession(body, typeof key === 'string' ? key : undefined);
    }
    if (method === 'GET' && path === '/v1/checkout/sessions') return listSessions(url);
    if (method === 'POST' && path === '/v1/refunds') {
      const key = headers['idempotency-key'];
      return createRefund(body, typeof key === 'string' ? key : undefined);
    }
    const match = /^\/v1\/(checkout\/sessions|payment_intents|charges)\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) return retrieve(match[1] ?? '', match[2] ?? '');
    return stripeError(404, 'invalid_request_error', `The stand-in has no ${method} ${path}`);
  }

  const server: Server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const url = new URL(request.url ?? '/', 'http://stand-in');
        const answer = handle(request.method ?? 'GET', url, request.headers, body);
        response.writeHead(answer.status, {
          'content-type': 'application/json',
          'request-id': localId('req'),
        });
        response.end(JSON.stringify(answer.body));
      })
      .catch(() => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'api_error', message: 'stand-in failure' } }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
