import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import {
  LIVE_STATUSES,
  type Subscription,
  type SubscriptionItem,
  type SubscriptionStatus,
  type SubscriptionsTableItem,
  subscriptionKey,
  toSubscription,
  type UserItem,
  userKey,
} from '#shared/subscriptions/subscription';

async function readItem<T extends SubscriptionsTableItem>(
  ctx: LedgerContext,
  id: string,
): Promise<T | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.subscriptions,
          Key: { id },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as T | undefined;
}

export const readUserItem = (ctx: LedgerContext, userId: string) =>
  readItem<UserItem>(ctx, userKey(userId));

export const readSubscriptionItem = (ctx: LedgerContext, subscriptionId: string) =>
  readItem<SubscriptionItem>(ctx, subscriptionKey(subscriptionId));

/**
 * Records the user's Stripe customer, unless one was recorded first: the answer is the customer
 * that won, so two concurrent first subscribes end up on one customer.
 */
export async function recordCustomer(
  ctx: LedgerContext,
  userId: string,
  customerId: string,
): Promise<string> {
  const { Attributes } = await withRetry(
    () =>
      ctx.db.send(
        new UpdateCommand({
          TableName: ctx.tables.subscriptions,
          Key: { id: userKey(userId) },
          UpdateExpression:
            'SET kind = :kind, user_id = :user, customer_id = if_not_exists(customer_id, :customer), updated_at = :now',
          ExpressionAttributeValues: {
            ':kind': 'user',
            ':user': userId,
            ':customer': customerId,
            ':now': ctx.now().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return String((Attributes as UserItem).customer_id);
}

/** The user's subscription as GET /subscription shows it: the one their item points to. */
export async function getSubscriptionOf(
  ctx: LedgerContext,
  userId: string,
): Promise<Subscription | null> {
  const user = await readUserItem(ctx, userId);
  if (!user?.subscription_id) return null;
  const item = await readSubscriptionItem(ctx, user.subscription_id);
  return item && item.user_id === userId ? toSubscription(item) : null;
}

export interface SubscriptionState {
  readonly subscriptionId: string;
  readonly userId: string;
  readonly planId: string;
  readonly status: SubscriptionStatus;
  readonly currentPeriodEnd: string | null;
  readonly cancelAtPeriodEnd: boolean;
  readonly customerId?: string | undefined;
}

/**
 * Writes a subscription's state as Stripe last reported it, and points its user at it when it is
 * live (a new subscription replaces a canceled one on GET /subscription; a late event of a dead
 * one does not move the pointer back). `canceled` is final: a state read before the cancel
 * and written after it is refused by the condition, and left out.
 */
export async function writeSubscriptionState(
  ctx: LedgerContext,
  state: SubscriptionState,
): Promise<'written' | 'already-canceled'> {
  const now = ctx.now().toISOString();
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new UpdateCommand({
            TableName: ctx.tables.subscriptions,
            Key: { id: subscriptionKey(state.subscriptionId) },
            UpdateExpression: [
              'SET kind = :kind',
              'subscription_id = :subscription',
              'user_id = :user',
              'plan_id = :plan',
              '#status = :status',
              'current_period_end = :periodEnd',
              'cancel_at_period_end = :cancelAtPeriodEnd',
              'updated_at = :now',
            ].join(', '),
            ConditionExpression:
              'attribute_not_exists(id) OR #status <> :canceled OR :status = :canceled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':kind': 'subscription',
              ':subscription': state.subscriptionId,
              ':user': state.userId,
              ':plan': state.planId,
              ':status': state.status,
              ':canceled': 'canceled',
              ':periodEnd': state.currentPeriodEnd,
              ':cancelAtPeriodEnd': state.cancelAtPeriodEnd,
              ':now': now,
            },
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return 'already-canceled';
  }
  await pointUserAt(ctx, state, LIVE_STATUSES.has(state.status));
  return 'written';
}

/** The user item's pointer (and customer, when known). Only a live subscription moves it; a dead
 * one is pointed at only by a user who had none. */
async function pointUserAt(ctx: LedgerContext, state: SubscriptionState, live: boolean) {
  await withRetry(
    () =>
      ctx.db.send(
        new UpdateCommand({
          TableName: ctx.tables.subscriptions,
          Key: { id: userKey(state.userId) },
          UpdateExpression: [
            'SET kind = :kind',
            'user_id = :user',
            'updated_at = :now',
            live
              ? 'subscription_id = :subscription'
              : 'subscription_id = if_not_exists(subscription_id, :subscription)',
            ...(state.customerId === undefined
              ? []
              : ['customer_id = if_not_exists(customer_id, :customer)']),
          ].join(', '),
          ExpressionAttributeValues: {
            ':kind': 'user',
            ':user': state.userId,
            ':subscription': state.subscriptionId,
            ':now': ctx.now().toISOString(),
            ...(state.customerId === undefined ? {} : { ':customer': state.customerId }),
          },
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
}

/**
 * What a credited invoice says about its subscription, written with the allowance (so in any
 * order of delivery the subscriber sees their subscription once they have its coins): the
 * subscription exists, for this user and plan, and is `active` unless a status was recorded
 * already; the user points at it unless they point at one already. Nothing here overrides what
 * the status events wrote (every field is `if_not_exists`), so these writes never fail.
 */
export function subscriptionSeenCompanions(
  ctx: LedgerContext,
  seen: { readonly subscriptionId: string; readonly userId: string; readonly planId: string },
): CompanionWrite[] {
  const now = ctx.now().toISOString();
  const unexpected = (what: string) => () =>
    new Error(`the unconditioned ${what} write of a credited invoice failed`);
  return [
    {
      write: {
        Update: {
          TableName: ctx.tables.subscriptions,
          Key: { id: subscriptionKey(seen.subscriptionId) },
          UpdateExpression: [
            'SET kind = :kind',
            'subscription_id = :subscription',
            'user_id = if_not_exists(user_id, :user)',
            'plan_id = if_not_exists(plan_id, :plan)',
            '#status = if_not_exists(#status, :active)',
            'current_period_end = if_not_exists(current_period_end, :unknown)',
            'cancel_at_period_end = if_not_exists(cancel_at_period_end, :no)',
            'updated_at = :now',
          ].join(', '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':kind': 'subscription',
            ':subscription': seen.subscriptionId,
            ':user': seen.userId,
            ':plan': seen.planId,
            ':active': 'active',
            ':unknown': null,
            ':no': false,
            ':now': now,
          },
        },
      },
      explain: unexpected('subscription'),
    },
    {
      write: {
        Update: {
          TableName: ctx.tables.subscriptions,
          Key: { id: userKey(seen.userId) },
          UpdateExpression:
            'SET kind = :kind, user_id = :user, subscription_id = if_not_exists(subscription_id, :subscription), updated_at = :now',
          ExpressionAttributeValues: {
            ':kind': 'user',
            ':user': seen.userId,
            ':subscription': seen.subscriptionId,
            ':now': now,
          },
        },
      },
      explain: unexpected('user'),
    },
  ];
}
