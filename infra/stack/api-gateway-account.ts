import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** One per account and region: every stage's stack depends on this one. */
export const API_GATEWAY_ACCOUNT_STACK = 'DaswosCoins-account';

/**
 * API Gateway's CloudWatch role is ONE setting per account and region (AWS::ApiGateway::Account).
 * When each stage's REST API set it (`cloudWatchRole: true`), two stages in one account each
 * owned a copy: the last deploy won, and tearing one stage down could unset the role the other
 * logs through. Here it has a stack of its own, the same whatever the stage, which every stage's
 * stack depends on (deployed first, `npm run deploy` deploys both) and nothing tears down.
 */
export class ApiGatewayAccountStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.role = new Role(this, 'CloudWatchRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway writes execution and access logs (account-wide setting)',
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    // Other APIs of the account may log through it: kept when the stack goes.
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-wide role API Gateway assumes to write logs; AWS maintains this policy for ' +
        'exactly that purpose (CloudWatch Logs actions only).',
    });
    const account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
