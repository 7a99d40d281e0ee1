import { NormalizedSchema } from '@smithy/core/schema';
import { schemaFor } from './schemaless';

/** What an SDK v3 command object carries: its operation schema and its input. */
export interface SdkCommandLike {
  input: object;
  schema?: unknown;
}

/** The schema of what the command's operation answers, when the command carries one. */
export function outputSchema(command: SdkCommandLike): NormalizedSchema | undefined {
  const op = (command.schema ?? schemaFor(command)) as unknown[] | undefined;
  const output = op?.[5];
  if (typeof output !== 'function' && (typeof output !== 'object' || output === null)) return undefined;
  return NormalizedSchema.of((typeof output === 'function' ? output() : output) as never);
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
