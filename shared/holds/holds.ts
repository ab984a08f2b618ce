import { captureHold } from '#shared/holds/capture-hold';
import type { HoldStatus } from '#shared/holds/hold';
import { listHolds } from '#shared/holds/list-holds';
import { type PlaceHoldRequest, placeHold } from '#shared/holds/place-hold';
import { getHold, voidHold } from '#shared/holds/settle-hold';
import { sweepExpiredHolds } from '#shared/holds/sweep';
import {
  createLedgerContext,
  defaultLedgerContext,
  type LedgerContext,
} from '#shared/ledger/context';
import type { ServiceClient } from '#shared/services/service-clients';

/**
 * Holds bound to one ledger context. Handlers use `defaultHolds()` (tables and endpoint from the
 * environment, built once per process); tests build their own.
 */
export function createHolds(ctx: LedgerContext = createLedgerContext()) {
  return {
    context: ctx,
    place: (request: PlaceHoldRequest) => placeHold(ctx, request),
    get: (client: ServiceClient, holdId: string) => getHold(ctx, client, holdId),
    capture: (client: ServiceClient, holdId: string, amount?: number) =>
      captureHold(ctx, client, holdId, amount),
    void: (client: ServiceClient, holdId: string) => voidHold(ctx, client, holdId),
    listForUser: (userId: string, status?: HoldStatus) => listHolds(ctx, userId, status),
    sweep: () => sweepExpiredHolds(ctx),
  };
}

export type Holds = ReturnType<typeof createHolds>;

let processHolds: Holds | undefined;

export function defaultHolds(): Holds {
  processHolds ??= createHolds(defaultLedgerContext());
  return processHolds;
}
