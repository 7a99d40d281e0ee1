/*
 * Where the wire shapes come from.
 *
 * The AWS SDK v3 clients (pinned to the same version the labs use) embed their service's Smithy model as
 * compact schema objects (`GetUser$`, `User$`, ... exported next to the commands), and @smithy/core's
 * NormalizedSchema reads them: member names, xmlName / ec2QueryName / xmlFlattened traits, list and map
 * members, timestamp and blob types, required members, error codes with their awsQuery compatibility codes.
 * That is everything the protocol layer needs, from packages the project already depends on. The
 * alternatives were worse: npm's aws-sdk v2 ships botocore-style JSON models but is a ~90 MB, end-of-life
 * package; Debian's awscli has botocore's models but users of the project do not have it.
 */

import type { ServiceInfo } from '../core/types.js';

// Which protocols and model a service has is part of its descriptor (`protocols`, `load` in
// services/<name>/index.ts); this file turns what `load` hands back into the maps the codecs read.

/** Raw Smithy schema tuples as the clients export them. */
type RawSchema = unknown[];

export interface ServiceModel {
  info: ServiceInfo;
  /** Operation name → operation schema `[9, ns, name, traits, input, output]`. */
  operations: Map<string, RawSchema>;
  /** Error code (shape name and awsQuery code) → error schema `[-3, ns, name, traits, ...]`. */
  errors: Map<string, RawSchema>;
}

const cache = new Map<string, Promise<ServiceModel>>();

/** Loads (once per service name) the schemas its descriptor's `load` hands back. */
export function loadModel(info: ServiceInfo): Promise<ServiceModel> {
  let model = cache.get(info.name);
  if (!model) {
    model = info.load().then((mod) => buildModel(info, mod));
    cache.set(info.name, model);
  }
  return model;
}

function buildModel(info: ServiceInfo, mod: Record<string, unknown>): ServiceModel {
  // An ESM import of a CommonJS module puts its exports on `default` (and, detected statically, on the
  // namespace too); take both.
  const all = { ...((mod.default as Record<string, unknown> | undefined) ?? {}), ...mod };
  const operations = new Map<string, RawSchema>();
  const errors = new Map<string, RawSchema>();
  for (const [key, value] of Object.entries(all)) {
    if (!key.endsWith('$') || !Array.isArray(value)) continue;
    if (value[0] === 9) operations.set(String(value[2]), value);
    else if (value[0] === -3) {
      errors.set(String(value[2]), value);
      const traits = value[3] as { awsQueryError?: [string, number] } | undefined;
      const queryCode = traits && typeof traits === 'object' ? traits.awsQueryError?.[0] : undefined;
      if (queryCode && !errors.has(queryCode)) errors.set(queryCode, value);
    }
  }
  return { info, operations, errors };
}

export function operationInput(op: RawSchema): unknown {
  return deref(op[4]);
}

export function operationOutput(op: RawSchema): unknown {
  return deref(op[5]);
}

export function deref(schema: unknown): unknown {
  return typeof schema === 'function' ? (schema as () => unknown)() : schema;
}

/** The HTTP status and awsQuery code the model gives an error shape. */
export function errorTraits(schema: RawSchema | undefined): { status?: number; queryCode?: string } {
  const traits = schema?.[3] as { awsQueryError?: [string, number]; httpError?: number } | undefined;
  if (!traits || typeof traits !== 'object') return {};
  return { status: traits.awsQueryError?.[1] ?? traits.httpError, queryCode: traits.awsQueryError?.[0] };
}
