import * as z from 'zod';
import type { LocalRoute } from '#infra/local/gateway';
import { StandInError, type StripeObject } from '#infra/local/stripe-objects';
import type { StripeStandIn } from '#infra/local/stripe-stand-in';

/**
 * The stand-in's Billing pages and developer routes on the local gateway:
 *  - POST /local/stripe/subscriptions/{subscriptionId}/renew: the next month's invoice paid
 *    (`invoice.paid`); a JSON body `{ "amountCents" }` pays another amount than the plan's;
 *  - POST /local/stripe/subscriptions/{subscriptionId}/fail: its payment failed
 *    (`invoice.payment_failed`, then `customer.subscription.updated`, past due);
 *  - GET /local/stripe/portal?session=…: the customer portal, whose Cancel
 *    (POST /local/stripe/portal/cancel) delivers `customer.subscription.deleted`.
 */
type Answer = Awaited<ReturnType<LocalRoute['handle']>>;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};
const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

const jsonAnswer = (status: number, body: unknown): Answer => ({
  status,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SUBSCRIPTION_ACTION = /^\/local\/stripe\/subscriptions\/([A-Za-z0-9_]{1,255})\/(renew|fail)$/;
const renewBodySchema = z.strictObject({ amountCents: z.number().int().min(1).optional() });
const cancelFormSchema = z.object({
  session: z.string().min(1).max(255),
  subscription_id: z.string().min(1).max(255),
});

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
      return jsonAnswer(400, { error: { code: 'VALIDATION_ERROR', message: 'Bad request' } });
    }
    throw error;
  }
}

function webhooks(deliveries: readonly { eventId: string; type: string; status: number }[]) {
  return deliveries.map(({ eventId, type, status }) => ({ eventId, type, status }));
}

function portalPage(portal: StripeObject, live: readonly StripeObject[]): string {
  const id = escapeHtml(String(portal.id));
  const rows = live
    .map((subscription) => {
      const sub = escapeHtml(String(subscription.id));
      const plan = escapeHtml(
        String((subscription.metadata as Record<string, string>).planId ?? '?'),
      );
      return `<li>${plan} (<code>${sub}</code>, ${escapeHtml(String(subscription.status))})
<form method="post" action="/local/stripe/portal/cancel">
<input type="hidden" name="session" value="${id}"><input type="hidden" name="subscription_id" value="${sub}">
<button type="submit">Cancel subscription</button></form></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Local billing portal</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
.note{color:#8a5a00;background:#fff4db;padding:.5rem .75rem;border-radius:.375rem}</style></head>
<body>
<p class="note">Local Stripe stand-in: no card is charged. Development only.</p>
<h1>Your subscriptions</h1>
<ul>${rows || '<li>No active subscription.</li>'}</ul>
<p><a href="${escapeHtml(String(portal.return_url))}">Return</a></p>
</body></html>`;
}

export function stripeBillingRoutes(standIn: Omit<StripeStandIn, 'routes'>): LocalRoute[] {
  const { billing } = standIn;
  const subscriptionAction = (action: 'renew' | 'fail'): LocalRoute => ({
    method: 'POST',
    path: `/local/stripe/subscriptions/{subscriptionId}/${action}`,
    pattern: new RegExp(SUBSCRIPTION_ACTION.source.replace('(renew|fail)', action)),
    handle: ({ body, path }) =>
      guarded(async () => {
        const subscriptionId = SUBSCRIPTION_ACTION.exec(path ?? '')?.[1] ?? '';
        const request = renewBodySchema.parse(body.trim() ? JSON.parse(body) : {});
        const result =
          action === 'renew'
            ? await billing.renew(subscriptionId, request.amountCents)
            : await billing.fail(subscriptionId);
        return jsonAnswer(200, { invoice: result.invoice, webhooks: webhooks(result.deliveries) });
      }),
  });
  return [
    subscriptionAction('renew'),
    subscriptionAction('fail'),
    {
      method: 'GET',
      path: '/local/stripe/portal',
      handle: async ({ query }) => {
        const portal = billing.portalSession(query.get('session') ?? '');
        if (!portal) {
          return jsonAnswer(404, {
            error: { code: 'NOT_FOUND', message: 'No such portal session' },
          });
        }
        const live = billing.subscriptionsOf(String(portal.customer));
        return { status: 200, headers: HTML_HEADERS, body: portalPage(portal, live) };
      },
    },
    {
      // Cancels at once and delivers customer.subscription.deleted, then returns to the page.
      method: 'POST',
      path: '/local/stripe/portal/cancel',
      handle: ({ body }) =>
        guarded(async () => {
          const form = cancelFormSchema.parse(Object.fromEntries(new URLSearchParams(body)));
          const portal = billing.portalSession(form.session);
          const subscription = billing.subscription(form.subscription_id);
          if (!portal || subscription?.customer !== portal.customer) {
            throw new StandInError(404, 'No such subscription in this portal session');
          }
          const { deliveries } = await billing.cancel(form.subscription_id);
          return {
            status: 303,
            headers: {
              location: String(portal.return_url),
              'x-stripe-stand-in-webhook': String(deliveries[0]?.status ?? ''),
            },
            body: '',
          };
        }),
    },
  ];
}
