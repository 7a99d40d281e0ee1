import { AwsError } from '../../../core/types';
import { formatPath, type PathPart } from './paths';

/**
 * A template problem; becomes CloudFormation's `ValidationError` (HTTP 400) with AWS's message. Where in the
 * template it is (AWS does not say) goes in the hint, which the sandbox sends as a response header.
 */
export class TemplateError extends AwsError {
  constructor(message: string, where?: string) {
    super('ValidationError', message, where ? { hint: where } : {});
  }
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** What `at` needs of a loaded template (structural, so this module does not import the loader that uses it). */
interface Locating {
  locate(path: readonly PathPart[]): { line: number; column: number } | undefined;
}

/** Where in the template the problem is: the path, and the line/column when the source has them. */
export function at(template: Locating | undefined, path: readonly PathPart[]): string | undefined {
  if (path.length === 0) return undefined;
  const pos = template?.locate(path);
  return `at ${formatPath(path)}${pos ? `, line ${pos.line}, column ${pos.column}` : ''}`;
}
