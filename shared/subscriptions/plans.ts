import * as z from 'zod';
import {
  byId,
  catalogueFromEnv,
  catalogueIdSchema,
  catalogueSchema,
  currencySchema,
  priceCentsSchema,
} from '#shared/catalogue/catalogue';
import { MAX_AMOUNT } from '#shared/ledger/rules';

/**
 * The subscription plans: a monthly price and the coins each paid month is worth. Like the
 * bundles, they live on the server: the client names a plan, and the webhook credits what this
 * catalogue says the plan is worth, only when Stripe took exactly its price. Always monthly.
 */
export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly coinsPerMonth: number;
  /** In the currency's smallest unit, as Stripe counts it. */
  readonly priceCents: number;
  /** Lower-case ISO 4217 code, as Stripe writes it. */
  readonly currency: string;
}

export const DEFAULT_PLANS: readonly Plan[] = [
  { id: 'plan-basic', name: 'Basic', coinsPerMonth: 1_000, priceCents: 799, currency: 'usd' },
  { id: 'plan-plus', name: 'Plus', coinsPerMonth: 3_000, priceCents: 1_999, currency: 'usd' },
];

const planSchema = z.strictObject({
  id: catalogueIdSchema,
  name: z.string().trim().min(1).max(64),
  coinsPerMonth: z.number().int().min(1).max(MAX_AMOUNT),
  priceCents: priceCentsSchema,
  currency: currencySchema,
});

export const plansSchema = catalogueSchema(planSchema, 20, 'plan');

export interface PlanCatalogue {
  readonly plans: readonly Plan[];
  find(planId: string): Plan | undefined;
}

export function planCatalogueOf(plans: readonly Plan[]): PlanCatalogue {
  return { plans, find: byId(plans) };
}

/** The catalogue from `SUBSCRIPTION_PLANS` (a JSON array of `{ id, name, coinsPerMonth,
 * priceCents, currency? }`), or the defaults when it is unset; an invalid value throws: charging
 * a price nobody meant every month is worse than not starting (shared/catalogue). */
export function loadPlans(env: NodeJS.ProcessEnv = process.env): PlanCatalogue {
  return planCatalogueOf(
    catalogueFromEnv(env, 'SUBSCRIPTION_PLANS', plansSchema, DEFAULT_PLANS, 'plan catalogue'),
  );
}

let processPlans: PlanCatalogue | undefined;

/** Read once per process. Handlers call it at module scope so a bad catalogue fails the cold start. */
export function subscriptionPlans(): PlanCatalogue {
  processPlans ??= loadPlans();
  return processPlans;
}
