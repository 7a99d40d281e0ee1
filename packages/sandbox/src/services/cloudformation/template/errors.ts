import { AwsError } from '../../../core/types';
import { formatPath, type PathPart } from './paths';

/** A template problem; becomes CloudFormation's `ValidationError` (HTTP 400). */
export class TemplateError extends AwsError {
  constructor(message: string) {
    super('ValidationError', message);
  }
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** Appends where in the template the problem is: the path, and the line/column when the source has them. */
/** What `at` needs of a loaded template (structural, so this module does not import the loader that uses it). */
interface Locating {
  locate(path: readonly PathPart[]): { line: number; column: number } | undefined;
}

export function at(template: Locating | undefined, path: readonly PathPart[]): string {
  if (path.length === 0) return '';
  const pos = template?.locate(path);
  return ` (at ${formatPath(path)}${pos ? `, line ${pos.line}, column ${pos.column}` : ''})`;
}
