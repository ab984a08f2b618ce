import { Duration } from 'aws-cdk-lib';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RouteDefinition } from '#infra/routes';
import type { DataTables } from '#infra/stack/data-tables';
import { ServiceFunction } from '#infra/stack/service-function';
import {
  createStripeSecret,
  readStripeSecretStatement,
  STRIPE_SECRET_ARN_ENV,
} from '#infra/stack/stripe-secret';
import type { StageConfig } from '#infra/stage-config';

export interface RouteFunctionsProps {
  readonly config: StageConfig;
  readonly routes: readonly RouteDefinition[];
  readonly data: DataTables;
  /**
   * The web page's origin: answers carry it as Access-Control-Allow-Origin (WEB_ORIGIN), and
   * Stripe Checkout returns buyers there unless context `clientUrl` names another page.
   */
  readonly webUrl: string;
  /** SERVICE_CLIENTS for the service routes' handlers, which check the caller again. */
  readonly serviceClientsJson?: string;
}

/**
 * One function per route-table entry, each given the table names and the IAM statements its
 * entry lists, plus the Stripe secret's ARN and read access when the entry says `stripe: true`.
 */
export class RouteFunctions extends Construct {
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** Created only when some route uses Stripe. */
  readonly stripeSecret: Secret | undefined;

  constructor(scope: Construct, id: string, props: RouteFunctionsProps) {
    super(scope, id);
    const { config, routes, data, webUrl } = props;
    this.stripeSecret = routes.some((route) => route.stripe)
      ? createStripeSecret(this, config.stage)
      : undefined;
    const clientUrl = config.clientUrl ?? webUrl;

    const functions = new Map<string, ServiceFunction>();
    for (const route of routes) {
      if (functions.has(route.handler)) {
        throw new Error(`Route table: handler ${route.handler} is used by two routes`);
      }
      const stripe = route.stripe && this.stripeSecret ? this.stripeSecret : undefined;
      functions.set(
        route.handler,
        new ServiceFunction(this, route.handler, {
          handler: route.handler,
          description: `${route.method} ${route.path} (${route.caller})`,
          config,
          ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
          environment: {
            ...config.economy,
            ...data.environmentFor(route.tables),
            ...(stripe ? { [STRIPE_SECRET_ARN_ENV]: stripe.secretArn } : {}),
            ...(stripe ? { CLIENT_URL: clientUrl } : {}),
            // Stripe calls its webhook server to server: no browser reads that answer.
            ...(route.caller === 'stripe' ? {} : { WEB_ORIGIN: webUrl }),
            ...(route.caller === 'service' && props.serviceClientsJson
              ? { SERVICE_CLIENTS: props.serviceClientsJson }
              : {}),
          },
          statements: [
            ...data.statementsFor(route.tables),
            ...(stripe ? [readStripeSecretStatement(stripe)] : []),
          ],
        }),
      );
    }
    this.functions = functions;
  }

  functionFor(handler: string): ServiceFunction {
    const fn = this.functions.get(handler);
    if (!fn) throw new Error(`No function for handler ${handler}`);
    return fn;
  }
}
