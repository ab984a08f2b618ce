/**
 * The OAuth scopes of the `daswos-coins` resource server. Other DasWos services get access tokens
 * for them with the Cognito client-credentials grant; each service route requires one.
 * Its own module so that the route table and the handlers can name a scope without pulling in
 * the configuration parser or a token verifier.
 */
export const RESOURCE_SERVER_ID = 'daswos-coins';

export const SERVICE_SCOPE_NAMES = ['spend', 'reward'] as const;
export type ServiceScopeName = (typeof SERVICE_SCOPE_NAMES)[number];

/** Charge a user's coins: spends and holds. */
export const SPEND_SCOPE = `${RESOURCE_SERVER_ID}/spend` as const;
/** Pay rewards from DASWOS AI (POST /rewards). */
export const REWARD_SCOPE = `${RESOURCE_SERVER_ID}/reward` as const;

export const SERVICE_SCOPES = [SPEND_SCOPE, REWARD_SCOPE] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];
