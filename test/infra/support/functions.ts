import type { Template } from 'aws-cdk-lib/assertions';
import type { RouteDefinition } from '#infra/routes';
import type { DaswosCoinsStack } from '#infra/stack/daswos-coins-stack';
import type { ServiceFunction } from '#infra/stack/service-function';
import { logicalId, resource } from '#test/infra/support/synth';

/** Every function of the stack by name: route handlers, authorizers, the trigger, the audit,
 * the event publisher. */
export function allFunctions(
  stack: DaswosCoinsStack,
  routes: readonly RouteDefinition[],
): Map<string, ServiceFunction> {
  const functions = new Map<string, ServiceFunction>();
  for (const route of routes)
    functions.set(route.handler, stack.routeFunctions.functionFor(route.handler));
  functions.set('authorize-user', stack.auth.userAuthorizer);
  functions.set('authorize-admin', stack.auth.adminAuthorizer);
  functions.set('authorize-service', stack.serviceAuth.authorizer);
  functions.set('create-wallet-on-sign-up', stack.auth.createWallet);
  functions.set('audit-ledger', stack.audit.fn);
  functions.set('sweep-expired-holds', stack.holdSweeper.fn);
  functions.set('publish-transaction-events', stack.events.fn);
  return functions;
}

export function functionProperties(template: Template, fn: ServiceFunction) {
  return resource(template, logicalId(fn.function)).Properties as {
    Runtime: string;
    Architectures: string[];
    Handler: string;
    MemorySize: number;
    Timeout: number;
    Role: unknown;
    Environment?: { Variables?: Record<string, unknown> };
    LoggingConfig?: { LogGroup?: unknown };
  };
}

export function environmentOf(template: Template, fn: ServiceFunction): Record<string, unknown> {
  return functionProperties(template, fn).Environment?.Variables ?? {};
}
