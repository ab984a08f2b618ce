import { errorResponse, json } from '#shared/http/responses';

// Deployed, the stack sets WEB_ORIGIN (the CloudFront page's origin); locally it is unset.
const saved = process.env.WEB_ORIGIN;
afterEach(() => {
  if (saved === undefined) delete process.env.WEB_ORIGIN;
  else process.env.WEB_ORIGIN = saved;
});

test('WEB_ORIGIN set: every JSON answer, errors included, names the page’s origin', () => {
  process.env.WEB_ORIGIN = 'https://d111111abcdef8.cloudfront.net';
  for (const answer of [json(200, { ok: true }), errorResponse(409, 'INSUFFICIENT_FUNDS', 'no')]) {
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': 'https://d111111abcdef8.cloudfront.net',
      vary: 'origin',
      'content-type': 'application/json; charset=utf-8',
    });
  }
});

test('WEB_ORIGIN unset (local, same origin): no CORS header at all', () => {
  delete process.env.WEB_ORIGIN;
  const { headers } = json(201, {}, { 'idempotent-replayed': 'true' });
  expect(headers).toEqual({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'idempotent-replayed': 'true',
  });
});
