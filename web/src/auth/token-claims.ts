/**
 * Reads a Cognito access token's claims for display only: which user, which groups. The page
 * never trusts them for anything that matters — the API verifies every token and enforces the
 * admin group itself.
 */
export interface SignedInUser {
  readonly id: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly isAdmin: boolean;
  /** Milliseconds since the epoch; Infinity when the token carries no expiry. */
  readonly expiresAt: number;
}

export const ADMIN_GROUP = 'admin';

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The user a token names, or undefined when it is not a readable JWT with a subject. */
export function userFromToken(token: string): SignedInUser | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const rawGroups = claims['cognito:groups'];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((g): g is string => typeof g === 'string')
    : [];
  const name = [claims.email, claims.username].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return {
    id: claims.sub,
    name: name ?? claims.sub,
    groups,
    isAdmin: groups.includes(ADMIN_GROUP),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY,
  };
}

export function isExpired(user: SignedInUser, now = Date.now()): boolean {
  return user.expiresAt <= now;
}
