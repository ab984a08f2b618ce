import { Match } from 'aws-cdk-lib/assertions';
import { DEPLOYED_SERVICES } from '#infra/stack/service-auth';
import { environmentOf } from '#test/infra/support/functions';
import { logicalId, resources, type Synthesized, synthesize } from '#test/infra/support/synth';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

describe('service-to-service auth in the stack', () => {
  test('the daswos-coins resource server defines the spend and reward scopes', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'daswos-coins',
      Scopes: [Match.objectLike({ ScopeName: 'spend' }), Match.objectLike({ ScopeName: 'reward' })],
    });
  });

  test('one confidential client-credentials app client per service, with its scopes only', () => {
    const clients = Object.values(resources(dev.template, 'AWS::Cognito::UserPoolClient')).filter(
      (client) =>
        (client.Properties?.AllowedOAuthFlows as string[] | undefined)?.includes(
          'client_credentials',
        ),
    );
    expect(clients).toHaveLength(DEPLOYED_SERVICES.length);
    for (const client of clients) {
      expect(client.Properties?.GenerateSecret).toBe(true);
      expect(client.Properties?.ClientSecret).toBeUndefined();
      expect(client.Properties?.AllowedOAuthFlows).toEqual(['client_credentials']);
      expect(client.Properties?.AllowedOAuthScopes).toHaveLength(1);
    }
  });

  test('the service authorizer and the service handlers get SERVICE_CLIENTS from the client ids', () => {
    const authorizer = environmentOf(dev.template, dev.stack.serviceAuth.authorizer);
    const spend = environmentOf(dev.template, dev.stack.routeFunctions.functionFor('spend-coins'));
    const user = environmentOf(dev.template, dev.stack.auth.userAuthorizer);

    expect(authorizer.COGNITO_USER_POOL_ID).toEqual({ Ref: logicalId(dev.stack.auth.userPool) });
    for (const environment of [authorizer, spend, user]) {
      const text = JSON.stringify(environment.SERVICE_CLIENTS);
      for (const client of dev.stack.serviceAuth.clients.values()) {
        expect(text).toContain(logicalId(client));
      }
      expect(text).toContain('daswos-coins/spend');
    }
  });

  test('no listed function other than those reads SERVICE_CLIENTS', () => {
    const give = environmentOf(dev.template, dev.stack.routeFunctions.functionFor('give-coins'));
    expect(give.SERVICE_CLIENTS).toBeUndefined();
  });
});
