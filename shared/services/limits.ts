import { ForbiddenError } from '#shared/auth/errors';
import type { ServiceClient } from '#shared/services/service-clients';

/** The amount is larger than the calling service may move at once (its `maxAmount`). */
export class AmountOverServiceLimitError extends ForbiddenError {
  constructor(client: ServiceClient) {
    super(`${client.name} may move at most ${client.maxAmount} coins at once`);
  }
}

export function assertWithinServiceLimit(client: ServiceClient, amount: number): void {
  if (amount > client.maxAmount) throw new AmountOverServiceLimitError(client);
}
