import * as z from 'zod';
import type { LocalRoute } from '#infra/local/gateway';
import { StandInError, type StripeObject } from '#infra/local/stripe-objects';
import type { StripeStandIn } from '#infra/local/stripe-stand-in';

type Answer = Awaited<ReturnType<LocalRoute['handle']>>;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

function jsonAnswer(status: number, body: unknown): Answer {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function redirect(location: string, headers: Record<string, string> = {}): Answer {
  return { status: 303, headers: { location, ...headers }, body: '' };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

function checkoutPage(session: StripeObject): string {
  const id = escapeHtml(String(session.id));
  const price = escapeHtml(formatMoney(Number(session.amount_total), String(session.currency)));
  const metadata = session.metadata as Record<string, string>;
  const title =
    session.mode === 'subscription'
      ? `${escapeHtml(metadata.planId ?? '?')} subscription, monthly`
      : `${escapeHtml(metadata.coins ?? '?')} DasWos Coins`;
  const paid = session.payment_status === 'paid';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Local checkout: ${price}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
.note{color:#8a5a00;background:#fff4db;padding:.5rem .75rem;border-radius:.375rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;cursor:pointer}</style></head>
<body>
<p class="note">Local Stripe stand-in: no card is charged. Development only.</p>
<h1>${title}</h1>
<p>Total: <strong>${price}</strong></p>
<p>Session <code>${id}</code>${paid ? ' (paid)' : ''}</p>
<form method="post" action="/local/stripe/checkout/pay">
<input type="hidden" name="session_id" value="${id}"><button type="submit">Pay ${price}</button>
</form>
<form method="post" action="/local/stripe/checkout/cancel">
<input type="hidden" name="session_id" value="${id}"><button type="submit">Cancel</button>
</form>
</body></html>`;
}

const sessionFormSchema = z.object({ session_id: z.string().min(1).max(255) });
const moneyRequestSchema = z.strictObject({
  sessionId: z.string().min(1).max(255),
  amountCents: z.number().int().min(1).optional(),
});
/** A refund names a Checkout Session's payment or a subscription invoice's. */
const refundRequestSchema = z.union([
  moneyRequestSchema,
  z.strictObject({
    invoiceId: z.string().min(1).max(255),
    amountCents: z.number().int().min(1).optional(),
  }),
]);

/** Runs a route, turning the stand-in's refusals and bad input into JSON errors. */
async function guarded(run: () => Promise<Answer>): Promise<Answer> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StandInError) {
      return jsonAnswer(error.status, {
        error: { code: 'STRIPE_STAND_IN', message: error.message },
      });
    }
    if (error instanceof z.ZodError || error instanceof SyntaxError) {
      return jsonAnswer(400, { error: { code: 'VALIDATION_ERROR', message: 'Bad request body' } });
    }
    throw error;
  }
}

function formSession(body: string): string {
  return sessionFormSchema.parse(Object.fromEntries(new URLSearchParams(body))).session_id;
}

/** The stand-in's pages and developer routes on the local gateway. */
export function stripeStandInRoutes(standIn: Omit<StripeStandIn, 'routes'>): LocalRoute[] {
  return [
    {
      method: 'GET',
      path: '/local/stripe/checkout',
      handle: async ({ query }) => {
        const session = standIn.session(query.get('session_id') ?? '');
        if (!session)
          return jsonAnswer(404, {
            error: { code: 'NOT_FOUND', message: 'No such checkout session' },
          });
        return {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
          body: checkoutPage(session),
        };
      },
    },
    {
      // Pays, delivers the signed checkout.session.completed, then sends the buyer back.
      method: 'POST',
      path: '/local/stripe/checkout/pay',
      handle: ({ body }) =>
        guarded(async () => {
          const result = await standIn.pay(formSession(body));
          const status = result.delivery ? String(result.delivery.status) : 'already-paid';
          return redirect(result.redirect, { 'x-stripe-stand-in-webhook': status });
        }),
    },
    {
      method: 'POST',
      path: '/local/stripe/checkout/cancel',
      handle: ({ body }) => guarded(async () => redirect(standIn.cancel(formSession(body)))),
    },
    {
      method: 'POST',
      path: '/local/stripe/refunds',
      handle: ({ body }) =>
        guarded(async () => {
          const request = refundRequestSchema.parse(JSON.parse(body));
          const { refund, delivery } =
            'invoiceId' in request
              ? await standIn.refundInvoice(request.invoiceId, request.amountCents)
              : await standIn.refund(request.sessionId, request.amountCents);
          return jsonAnswer(200, {
            refund,
            webhook: { eventId: delivery.eventId, status: delivery.status },
          });
        }),
    },
    {
      method: 'POST',
      path: '/local/stripe/disputes',
      handle: ({ body }) =>
        guarded(async () => {
          const request = moneyRequestSchema.parse(JSON.parse(body));
          const { dispute, delivery } = await standIn.dispute(
            request.sessionId,
            request.amountCents,
          );
          return jsonAnswer(200, {
            dispute,
            webhook: { eventId: delivery.eventId, status: delivery.status },
          });
        }),
    },
  ];
}
