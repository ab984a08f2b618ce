import { resources, type Synthesized, synthesize } from '#test/infra/support/synth';

/**
 * API Gateway checks the Authorization header against each TOKEN authorizer's validation
 * expression before invoking it; a header that fails is answered 401 without the function ever
 * seeing it. So the expression must accept the Bearer scheme in any letter case (RFC 7235), as
 * the authorizer itself does (test/api/http-contract.test.ts).
 */
describe('token authorizers in the template', () => {
  let dev: Synthesized;
  beforeAll(() => {
    dev = synthesize();
  });
  afterAll(() => dev?.cleanUp());

  const expressions = () =>
    Object.values(resources(dev.template, 'AWS::ApiGateway::Authorizer')).map(
      (authorizer) =>
        new RegExp(
          (authorizer.Properties as { IdentityValidationExpression: string })
            .IdentityValidationExpression,
        ),
    );

  it('exist, one per guarded caller kind', () => {
    expect(expressions().length).toBeGreaterThanOrEqual(2);
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('let "%s <token>" through', (scheme) => {
    for (const expression of expressions()) {
      expect(`${scheme} eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln`).toMatch(expression);
    }
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two words', 'Bearertoken', 'Token abc'])(
    'stop "%s" at the gateway',
    (header) => {
      for (const expression of expressions()) expect(header).not.toMatch(expression);
    },
  );
});
