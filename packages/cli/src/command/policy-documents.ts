import type { NormalizedSchema } from '@smithy/core/schema';
import { parseJsonText } from '../json-input';
import { isPlainObject, outputSchema, type SdkCommandLike } from './sdk-command';

/**
 * IAM answers policy documents URL-encoded (`%7B%22Version%22...`). The AWS CLI decodes them and parses the
 * JSON before --query and printing (botocore's json_decode_policies, run after every IAM call), so
 * `aws iam get-policy-version` prints the document as an object. botocore finds them by their shape,
 * policyDocumentType, a name the SDK's schemas do not keep: these are the output structures and members of
 * that shape in IAM's model (botocore/data/iam/2010-05-08/service-2.json).
 */
const POLICY_DOCUMENTS: ReadonlyMap<string, string> = new Map([
  ['GetGroupPolicyResponse', 'PolicyDocument'],
  ['GetRolePolicyResponse', 'PolicyDocument'],
  ['GetUserPolicyResponse', 'PolicyDocument'],
  ['PolicyDetail', 'PolicyDocument'],
  ['PolicyVersion', 'Document'],
  ['Role', 'AssumeRolePolicyDocument'],
  ['RoleDetail', 'AssumeRolePolicyDocument'],
]);

/** botocore's decode_quoted_jsondoc: a value that does not decode stays as it was. */
function decodeQuotedJson(value: string): unknown {
  try {
    return parseJsonText(decodeURIComponent(value));
  } catch {
    return value;
  }
}

function decode(value: unknown, schema: NormalizedSchema | undefined): unknown {
  if (Array.isArray(value) && schema?.isListSchema()) {
    const element = schema.getValueSchema();
    return value.map((v) => decode(v, element));
  }
  if (!isPlainObject(value) || !schema?.isStructSchema()) return value;
  const document = POLICY_DOCUMENTS.get(schema.getName() ?? '');
  const members = new Map(schema.structIterator());
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === document && typeof v === 'string' ? decodeQuotedJson(v) : decode(v, members.get(key));
  }
  return out;
}

/**
 * A copy of an IAM command's output with its policy documents decoded as the CLI prints them (numbers as
 * Python's json reads them); any other service's output is returned as it is.
 */
export function decodePolicyDocuments<T>(command: SdkCommandLike, output: T): T {
  const schema = outputSchema(command);
  if (!schema || !String((command.schema as unknown[] | undefined)?.[1]).endsWith('.iam')) return output;
  return decode(output, schema) as T;
}
