import { matchRoute } from '#infra/local/route-match';
import type { RouteDefinition } from '#infra/routes';

const route = (method: 'GET' | 'POST', path: string): RouteDefinition => ({
  method,
  path,
  handler: `${method} ${path}`,
  caller: 'public',
  tables: {},
});

const routes = [
  route('GET', '/holds'),
  route('GET', '/holds/{holdId}'),
  route('POST', '/holds/{holdId}/capture'),
  route('GET', '/holds/mine'),
];

describe('route matching in the local gateway', () => {
  it('matches a literal path without path parameters', () => {
    const match = matchRoute(routes, 'GET', '/api/daswos-coins/holds');
    expect(match?.route.path).toBe('/holds');
    expect(match?.pathParameters).toBeNull();
  });

  it('hands a {name} segment over URL-decoded', () => {
    const match = matchRoute(routes, 'POST', '/api/daswos-coins/holds/h%3A1/capture');
    expect(match?.route.path).toBe('/holds/{holdId}/capture');
    expect(match?.pathParameters).toEqual({ holdId: 'h:1' });
  });

  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    expect(matchRoute(routes, 'GET', '/api/daswos-coins/holds/mine')?.route.path).toBe(
      '/holds/mine',
    );
  });

  it('matches no empty segment, no extra segment, no other method and no bad escape', () => {
    expect(matchRoute(routes, 'GET', '/api/daswos-coins/holds/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/api/daswos-coins/holds/a/b')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/api/daswos-coins/holds/a')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/api/daswos-coins/holds/%E0%A4%A')).toBeUndefined();
  });
});
