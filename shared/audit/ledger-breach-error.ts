/** The scheduled audit found the ledger out of balance: an operator must look, now. */
export class LedgerBreachError extends Error {
  override readonly name = 'LedgerBreachError';

  constructor(readonly breaches: readonly string[]) {
    super(
      `The ledger audit found ${breaches.length} breach(es): ${breaches.slice(0, 3).join('; ')}`,
    );
  }
}
