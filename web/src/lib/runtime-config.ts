/**
 * What the page learns at run time from `/config.json`, so one build serves every stage: locally
 * the gateway's copy says `local`; a deployment writes its API URL and Cognito ids beside the
 * page. Sign-in differs by configuration, not by build.
 */
export interface CognitoAuthConfig {
  readonly mode: 'cognito';
  readonly userPoolId: string;
  readonly clientId: string;
  /** The user pool's hosted domain, e.g. `https://daswos.auth.us-east-1.amazoncognito.com`. */
  readonly domain: string;
}

export type AuthConfig = { readonly mode: 'local' } | CognitoAuthConfig;

export interface RuntimeConfig {
  /** Prefix for API calls; empty when the API is on the page's own origin. */
  readonly apiBaseUrl: string;
  readonly auth: AuthConfig;
}

export const DEFAULT_CONFIG: RuntimeConfig = { apiBaseUrl: '', auth: { mode: 'local' } };

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`config: ${name} is missing`);
  return value.trim();
}

/** Checks the shape by hand: pulling zod into the bundle for one small file is not worth it. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config: not an object');
  const { apiBaseUrl = '', auth } = raw as { apiBaseUrl?: unknown; auth?: unknown };
  if (typeof apiBaseUrl !== 'string') throw new Error('config: apiBaseUrl must be a string');
  const base = apiBaseUrl.replace(/\/+$/, '');
  const mode = (auth as { mode?: unknown } | undefined)?.mode;
  if (mode === 'local') return { apiBaseUrl: base, auth: { mode: 'local' } };
  if (mode === 'cognito') {
    const cognito = auth as Record<string, unknown>;
    return {
      apiBaseUrl: base,
      auth: {
        mode: 'cognito',
        userPoolId: text(cognito.userPoolId, 'auth.userPoolId'),
        clientId: text(cognito.clientId, 'auth.clientId'),
        domain: text(cognito.domain, 'auth.domain').replace(/\/+$/, ''),
      },
    };
  }
  throw new Error("config: auth.mode must be 'local' or 'cognito'");
}

export async function loadRuntimeConfig(fetcher: typeof fetch = fetch): Promise<RuntimeConfig> {
  const response = await fetcher('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config: /config.json answered ${response.status}`);
  return parseRuntimeConfig(await response.json());
}
