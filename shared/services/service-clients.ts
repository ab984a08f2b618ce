import * as z from 'zod/mini';
import { MAX_AMOUNT } from '#shared/ledger/rules';
import { SERVICE_SCOPES, type ServiceScope } from '#shared/services/scopes';

/** What the API allows one calling service (one Cognito app client). */
export interface ServiceClient {
  readonly clientId: string;
  /** Shown in logs and on the postings' audit trail beside the client id. */
  readonly name: string;
  /** The scopes this service may use; a token's other scopes are ignored. */
  readonly scopes: readonly ServiceScope[];
  /** The largest amount one spend, hold or reward of this service may move. */
  readonly maxAmount: number;
}

export type ServiceClients = ReadonlyMap<string, ServiceClient>;

/** Cognito app client ids are 26 lower-case letters and digits; local ones are readable names. */
export const SERVICE_CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

const serviceClientSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  scopes: z.array(z.enum(SERVICE_SCOPES)).check(z.minLength(1)),
  maxAmount: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_AMOUNT)),
});

/** `SERVICE_CLIENTS`: `{ "<client id>": { "name", "scopes": [...], "maxAmount" } }`. */
export const serviceClientsSchema = z.record(
  z.string().check(z.regex(SERVICE_CLIENT_ID_PATTERN, 'must be an app client id')),
  serviceClientSchema,
);
export type ServiceClientsConfig = z.infer<typeof serviceClientsSchema>;

/** What `npm start` knows: the shop spends, the rewards service rewards. */
export const LOCAL_SERVICE_CLIENTS: ServiceClientsConfig = {
  shop: { name: 'DasWos Shop', scopes: ['daswos-coins/spend'], maxAmount: 100_000 },
  rewards: { name: 'DasWos Rewards', scopes: ['daswos-coins/reward'], maxAmount: 1_000 },
};

export class ServiceClientsConfigError extends Error {
  constructor(detail: string) {
    super(`SERVICE_CLIENTS is not valid: ${detail}`);
    this.name = 'ServiceClientsConfigError';
  }
}

/** Parses `SERVICE_CLIENTS`; a missing or invalid value is an error, never an empty allow-list. */
export function parseServiceClients(raw: string | undefined): ServiceClients {
  if (raw === undefined || raw.trim() === '') throw new ServiceClientsConfigError('it is not set');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ServiceClientsConfigError('it is not JSON');
  }
  const result = z.safeParse(serviceClientsSchema, value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ServiceClientsConfigError(
      `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return new Map(
    Object.entries(result.data).map(([clientId, client]) => [clientId, { clientId, ...client }]),
  );
}

let processClients: ServiceClients | undefined;

/** The configured services, parsed once per process (a Lambda cold start). */
export function serviceClientsFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceClients {
  processClients ??= parseServiceClients(env.SERVICE_CLIENTS);
  return processClients;
}
