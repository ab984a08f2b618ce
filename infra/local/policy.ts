import type { PolicyDocument, Statement } from 'aws-lambda';

/** IAM's wildcards in a resource: `*` any run of characters (slashes too), `?` any one. */
function resourceMatches(pattern: string, arn: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);
}

function statementCovers(statement: Statement, methodArn: string): boolean {
  const resource = 'Resource' in statement ? statement.Resource : undefined;
  const resources = resource === undefined ? [] : Array.isArray(resource) ? resource : [resource];
  return resources.some((pattern) => resourceMatches(String(pattern), methodArn));
}

/**
 * How API Gateway evaluates an authorizer's policy for one request: an explicit Deny that covers
 * the method ARN wins, otherwise an Allow must cover it (no matching statement is a deny).
 */
export function policyAllows(policy: PolicyDocument, methodArn: string): boolean {
  const covering = policy.Statement.filter((statement) => statementCovers(statement, methodArn));
  if (covering.some((statement) => statement.Effect === 'Deny')) return false;
  return covering.some((statement) => statement.Effect === 'Allow');
}
