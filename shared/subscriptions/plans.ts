import * as z from 'zod';
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

/** Stripe's largest amount is eight digits in the smallest unit. */
const MAX_PRICE_CENTS = 99_999_999;

const planSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1 to 64 of a-z, 0-9 and -'),
  name: z.string().trim().min(1).max(64),
  coinsPerMonth: z.number().int().min(1).max(MAX_AMOUNT),
  priceCents: z.number().int().min(1).max(MAX_PRICE_CENTS),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
    .transform((code) => code.toLowerCase())
    .default('usd'),
});

export const plansSchema = z
  .array(planSchema)
  .min(1)
  .max(20)
  .refine((plans) => new Set(plans.map((p) => p.id)).size === plans.length, {
    message: 'plan ids must be unique',
  });

export interface PlanCatalogue {
  readonly plans: readonly Plan[];
  find(planId: string): Plan | undefined;
}

export function planCatalogueOf(plans: readonly Plan[]): PlanCatalogue {
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  return { plans, find: (planId) => byId.get(planId) };
}

/**
 * The catalogue from `SUBSCRIPTION_PLANS` (a JSON array of `{ id, name, coinsPerMonth,
 * priceCents, currency? }`), or the defaults when it is unset. A present but invalid value
 * throws: charging a price nobody meant every month is worse than not starting.
 */
export function loadPlans(env: NodeJS.ProcessEnv = process.env): PlanCatalogue {
  const raw = env.SUBSCRIPTION_PLANS?.trim();
  if (!raw) return planCatalogueOf(DEFAULT_PLANS);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('SUBSCRIPTION_PLANS is not valid JSON');
  }
  const result = plansSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'SUBSCRIPTION_PLANS'}: ${issue.message}`)
      .join('; ');
    throw new Error(`SUBSCRIPTION_PLANS is not a valid plan catalogue: ${issues}`);
  }
  return planCatalogueOf(result.data);
}

let processPlans: PlanCatalogue | undefined;

/** Read once per process. Handlers call it at module scope so a bad catalogue fails the cold start. */
export function subscriptionPlans(): PlanCatalogue {
  processPlans ??= loadPlans();
  return processPlans;
}
