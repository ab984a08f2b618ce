import { API_BASE_PATH, type RouteDefinition } from '#infra/routes';

export interface RouteMatch<R extends RouteDefinition> {
  readonly route: R;
  /** API Gateway's `pathParameters`: null when the route has none. */
  readonly pathParameters: Record<string, string> | null;
}

/**
 * Finds the route for a request path as API Gateway's REST resources do: a `{name}` segment
 * matches exactly one non-empty segment (no `/`), literal segments win over parameters, and the
 * value is handed over URL-decoded.
 */
export function matchRoute<R extends RouteDefinition>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> | undefined {
  const segments = pathname.split('/');
  let best: { match: RouteMatch<R>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = `${API_BASE_PATH}${route.path}`.split('/');
    if (pattern.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    let literals = 0;
    const matches = pattern.every((part, index) => {
      const actual = segments[index] ?? '';
      const name = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        literals += 1;
        return part === actual;
      }
      if (actual === '') return false;
      try {
        parameters[name] = decodeURIComponent(actual);
      } catch {
        return false;
      }
      return true;
    });
    if (!matches || (best && best.literals >= literals)) continue;
    const pathParameters = Object.keys(parameters).length > 0 ? parameters : null;
    best = { match: { route, pathParameters }, literals };
  }
  return best?.match;
}
