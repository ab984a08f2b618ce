import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { withRetry } from '#shared/dynamo/retry';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { refId, type stripeRefSchema } from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';
import { creditInvoice, invoiceSchema } from '#shared/subscriptions/allowance';
import { allowanceTransactionId } from '#shared/subscriptions/allowance-id';

/** The allowance that credited this invoice, if it has been credited. */
export async function getAllowance(
  runtime: StripeRuntime,
  invoiceId: string,
): Promise<TransactionRecord | undefined> {
  const ctx = runtime.ledger.context;
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.transactions,
          Key: { transaction_id: allowanceTransactionId(invoiceId) },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  const record = Item as TransactionRecord | undefined;
  return record?.transaction_type === 'subscription' ? record : undefined;
}

/**
 * The allowance a payment paid for, for its refunds and disputes: the invoice Stripe finds by the
 * PaymentIntent, its allowance read by the id derived from it. An invoice not credited yet (a
 * refund can overtake `invoice.paid`) is credited first, by the same exactly-once credit, so the
 * refund has coins to take back and the late `invoice.paid` credits nothing more.
 */
export async function findAllowanceByPayment(
  runtime: StripeRuntime,
  paymentIntentId: string,
): Promise<TransactionRecord | undefined> {
  const payments = await runtime.stripe.invoicePayments.list({
    payment: { type: 'payment_intent', payment_intent: paymentIntentId },
    limit: 1,
  });
  const invoiceId = refId(payments.data[0]?.invoice as z.infer<typeof stripeRefSchema>);
  if (!invoiceId) return undefined;
  const found = await getAllowance(runtime, invoiceId);
  if (found) return found;
  const invoice = invoiceSchema.parse(await runtime.stripe.invoices.retrieve(invoiceId));
  const outcome = await creditInvoice(runtime, invoice);
  if (outcome !== 'credited' && outcome !== 'already-credited') return undefined;
  return getAllowance(runtime, invoiceId);
}
