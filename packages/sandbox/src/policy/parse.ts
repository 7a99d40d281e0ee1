import { AwsError } from '../core/types';
import type { PolicyDocument, PolicyStatement } from './types';
import { asArray } from './types';

/**
 * Parses and checks a policy document the way IAM does when it is stored, so a bad document is refused with
 * MalformedPolicyDocument at CreatePolicy / PutUserPolicy / CreateRole time instead of silently never matching.
 *
 * `identity` documents (managed and inline policies) must not name a Principal; `trust` documents (a role's
 * AssumeRolePolicyDocument) must, and need no Resource.
 */
export type PolicyKind = 'identity' | 'trust';

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message);
}

export function parsePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw malformed('This policy contains invalid Json');
  }
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['Version', 'Id', 'Statement'].includes(key)) throw malformed('Syntax errors in policy.');
  }
  if (record.Version !== undefined && !VERSIONS.has(String(record.Version))) {
    throw malformed('The policy failed legacy parsing');
  }
  if (record.Statement === undefined) throw malformed('Syntax errors in policy.');
  const statements = asArray(record.Statement as PolicyStatement | PolicyStatement[]);
  if (statements.length === 0) throw malformed('Syntax errors in policy.');
  for (const s of statements) checkStatement(s, kind);
  return record as unknown as PolicyDocument;
}

function checkStatement(statement: unknown, kind: PolicyKind): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw malformed('Syntax errors in policy.');
  }
  const s = statement as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!STATEMENT_KEYS.has(key)) throw malformed('Syntax errors in policy.');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Syntax errors in policy.');

  if (s.Action !== undefined && s.NotAction !== undefined) throw malformed('Syntax errors in policy.');
  if (s.Resource !== undefined && s.NotResource !== undefined) throw malformed('Syntax errors in policy.');
  if (s.Action === undefined && s.NotAction === undefined)
    throw malformed('Policy statement must contain actions.');
  const actions = stringList(s.Action ?? s.NotAction);
  for (const action of actions) {
    if (action !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) {
      throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    }
  }

  if (kind === 'identity') {
    if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
      throw malformed('Policy document should not specify a principal.');
    }
    if (s.Resource === undefined && s.NotResource === undefined) {
      throw malformed('Policy statement must contain resources.');
    }
  } else {
    // A trust policy is about who may assume the role, not on what (IAM answers this for CreateRole).
    if (s.Resource !== undefined) throw malformed('Has prohibited field Resource');
    if (s.NotResource !== undefined) throw malformed('Has prohibited field NotResource');
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
      throw malformed('AssumeRolepolicy contained an invalid principal: Missing required field Principal.');
    }
    checkPrincipal(s.Principal ?? s.NotPrincipal);
  }
  if (s.Resource !== undefined || s.NotResource !== undefined) stringList(s.Resource ?? s.NotResource);
  if (s.Condition !== undefined) checkCondition(s.Condition);
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw malformed('Syntax errors in policy.');
  }
  return list as string[];
}

function checkPrincipal(value: unknown): void {
  if (value === '*') return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('Invalid principal in policy: "' + String(value) + '"');
  }
  for (const [type, ids] of Object.entries(value)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) {
      throw malformed(`Invalid principal in policy: "${type}"`);
    }
    for (const id of stringList(ids)) {
      if (type === 'AWS' && id !== '*' && !/^\d{12}$/.test(id) && !id.startsWith('arn:')) {
        throw malformed(`Invalid principal in policy: "AWS":"${id}"`);
      }
    }
  }
}

function checkCondition(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('Syntax errors in policy.');
  }
  for (const keys of Object.values(value)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys))
      throw malformed('Syntax errors in policy.');
    for (const v of Object.values(keys)) {
      const list = Array.isArray(v) ? v : [v];
      if (list.some((x) => !['string', 'number', 'boolean'].includes(typeof x))) {
        throw malformed('Syntax errors in policy.');
      }
    }
  }
}
