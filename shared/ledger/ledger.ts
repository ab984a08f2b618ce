import { type ClawbackRequest, clawback } from '#shared/ledger/clawback';
import {
  createLedgerContext,
  defaultLedgerContext,
  type LedgerContext,
} from '#shared/ledger/context';
import { listTransactions } from '#shared/ledger/history';
import { mint } from '#shared/ledger/mint';
import { findPurchaseByPaymentIntent, getPurchase } from '#shared/ledger/purchases';
import { transfer } from '#shared/ledger/transfer';
import {
  createWallet,
  ensureWallet,
  getBalance,
  getSupply,
  getWallet,
} from '#shared/ledger/wallets';
import { reserveCovers } from '#shared/reserve/reserve';
import { reserveShardsFromEnv } from '#shared/reserve/reserve-ids';
import { seedLedger } from '#shared/reserve/seed-reserve';

/**
 * The ledger's operations bound to one context. Handlers use `defaultLedger()` (tables and
 * endpoint from the environment, built once per process); tests build their own.
 */
export function createLedger(ctx: LedgerContext = createLedgerContext()) {
  return {
    context: ctx,
    /** A new ledger, or one seeded before sharding moved into `shards` reserve shards. */
    seed: (totalAmount?: number, shards = reserveShardsFromEnv()) =>
      seedLedger(ctx, { totalAmount, shards }),
    createWallet: (userId: string) => createWallet(ctx, userId),
    ensureWallet: (userId: string) => ensureWallet(ctx, userId),
    getBalance: (userId: string) => getBalance(ctx, userId),
    getWallet: (userId: string) => getWallet(ctx, userId),
    getSupply: () => getSupply(ctx),
    /** A courtesy check before Checkout (reserve.ts): the mint's condition is the real one. */
    supplyCovers: (amount: number) => reserveCovers(ctx, amount),
    transfer: (request: Parameters<typeof transfer>[1]) => transfer(ctx, request),
    mint: (request: Parameters<typeof mint>[1]) => mint(ctx, request),
    clawback: (request: ClawbackRequest) => clawback(ctx, request),
    getPurchase: (sessionId: string) => getPurchase(ctx, sessionId),
    findPurchaseByPaymentIntent: (userId: string, paymentIntentId: string) =>
      findPurchaseByPaymentIntent(ctx, userId, paymentIntentId),
    listTransactions: (userId: string, options?: Parameters<typeof listTransactions>[2]) =>
      listTransactions(ctx, userId, options),
  };
}

export type Ledger = ReturnType<typeof createLedger>;

let processLedger: Ledger | undefined;

export function defaultLedger(): Ledger {
  processLedger ??= createLedger(defaultLedgerContext());
  return processLedger;
}
