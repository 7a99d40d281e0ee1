import { conditionsHold } from './conditions';
import type { Decision, PolicyDocument, PolicyStatement, RequestFacts } from './types';
import { asArray } from './types';
import { substituteVariables } from './variables';
import { actionMatches, globMatch } from './wildcard';

/**
 * Identity-based policy evaluation: a statement applies when its action, resource and conditions all match;
 * any applicable Deny wins, otherwise any applicable Allow allows, otherwise the request is implicitly denied.
 */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: RequestFacts): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of asArray(policy.Statement)) {
      if (!statementApplies(statement, request)) continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** The decision for an action on several resources: every resource must be allowed, any explicit deny wins. */
export function evaluateForResources(
  policies: readonly PolicyDocument[],
  action: string,
  resources: readonly string[],
  context: RequestFacts['context'],
): Decision {
  let result: Decision = 'allow';
  for (const resource of resources.length > 0 ? resources : ['*']) {
    const d = evaluatePolicies(policies, { action, resource, context });
    if (d === 'explicit-deny') return d;
    if (d === 'implicit-deny') result = d;
  }
  return result;
}

export function statementApplies(statement: PolicyStatement, request: RequestFacts): boolean {
  return (
    actionApplies(statement, request.action) &&
    resourceApplies(statement, request) &&
    conditionsHold(statement.Condition, request.context)
  );
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return asArray(statement.Action).some((p) => actionMatches(p, action));
  if (statement.NotAction !== undefined)
    return !asArray(statement.NotAction).some((p) => actionMatches(p, action));
  return false;
}

function resourceApplies(statement: PolicyStatement, request: RequestFacts): boolean {
  const matches = (pattern: string) => {
    const p = substituteVariables(pattern, request.context);
    return p !== undefined && resourceMatches(p, request.resource);
  };
  if (statement.Resource !== undefined) return asArray(statement.Resource).some(matches);
  if (statement.NotResource !== undefined) return !asArray(statement.NotResource).some(matches);
  return false;
}

/** A request on `*` (an action that is not resource-scoped) is only covered by a `*` resource. */
function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  if (resource === '*') return false;
  return globMatch(pattern, resource);
}
