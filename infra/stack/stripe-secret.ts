import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** The variable that tells a Stripe function where its keys are (an ARN, never the keys). */
export const STRIPE_SECRET_ARN_ENV = 'STRIPE_SECRET_ARN';

/** What the operator stores in the secret (README, "Deploying to AWS"). */
export interface StripeSecretValue {
  readonly secretKey: string;
  readonly webhookSecret: string;
}

/**
 * The Stripe keys live in Secrets Manager. The stack creates the secret with a random
 * placeholder, so no key ever passes through CloudFormation; the operator then writes the JSON
 * with `aws secretsmanager put-secret-value`. Until then the Stripe functions fail loudly.
 */
export function createStripeSecret(scope: Construct, stage: string): Secret {
  const secret = new Secret(scope, 'StripeSecret', {
    description:
      `DasWos Coins ${stage}: Stripe keys as ` +
      '{"secretKey":"sk_...","webhookSecret":"whsec_..."} (set with put-secret-value)',
    // The keys outlive a tear-down; a re-created stack gets a new, differently named secret.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Stripe issues and rolls its API keys and webhook signing secrets in the Stripe Dashboard; ' +
      'Secrets Manager has no rotation Lambda for them. Rolling = put-secret-value (README).',
  });
  return secret;
}

/** Read access to the one secret: GetSecretValue only, not the DescribeSecret of grantRead. */
export function readStripeSecretStatement(secret: Secret): PolicyStatement {
  return new PolicyStatement({
    actions: ['secretsmanager:GetSecretValue'],
    resources: [secret.secretArn],
  });
}
