import {
  createLedgerContext,
  defaultLedgerContext,
  type LedgerContext,
} from '#shared/ledger/context';
import { type SpendRequest, spend } from '#shared/spending/spend';

/**
 * Spending bound to one ledger context. Handlers use `defaultSpending()` (tables and endpoint
 * from the environment, built once per process); tests build their own.
 */
export function createSpending(ctx: LedgerContext = createLedgerContext()) {
  return {
    context: ctx,
    spend: (request: SpendRequest) => spend(ctx, request),
  };
}

export type Spending = ReturnType<typeof createSpending>;

let processSpending: Spending | undefined;

export function defaultSpending(): Spending {
  processSpending ??= createSpending(defaultLedgerContext());
  return processSpending;
}
