/** Base class of every error this package throws on purpose. */
export class CliOutputError extends Error {
  override name = 'CliOutputError';
}

/** A --query expression that does not parse. */
export class JmesPathSyntaxError extends CliOutputError {
  override name = 'JmesPathSyntaxError';
  constructor(
    readonly expression: string,
    /** 0-based offset into the expression where parsing failed. */
    readonly position: number,
    readonly detail: string,
  ) {
    super(
      `Bad value for --query ${expression}: ${detail} at column ${position} of the expression:\n` +
        `  ${expression}\n  ${' '.repeat(position)}^\n` +
        'Check the JMESPath syntax (https://jmespath.org/specification.html); ' +
        "in a shell, quote the whole expression and write literals as `...` or '...'.",
    );
  }
}

/** A well-formed expression that fails while it runs (wrong argument types, unknown function). */
export class JmesPathEvaluationError extends CliOutputError {
  override name = 'JmesPathEvaluationError';
  constructor(
    readonly expression: string,
    readonly detail: string,
  ) {
    super(`Bad value for --query ${expression}: ${detail}`);
  }
}

export const OUTPUT_FORMATS = ['json', 'text', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export class UnknownOutputFormatError extends CliOutputError {
  override name = 'UnknownOutputFormatError';
  constructor(readonly output: string) {
    super(
      `Unknown output format ${JSON.stringify(output)}: use one of ${OUTPUT_FORMATS.join(', ')} ` +
        '(as for aws --output).',
    );
  }
}

export class InvalidJsonError extends CliOutputError {
  override name = 'InvalidJsonError';
  constructor(readonly detail: string) {
    super(
      `The input is not JSON (${detail}). Pass the response exactly as the service or ` +
        '`aws ... --output json` returned it, or pass the parsed object to format() instead.',
    );
  }
}

/** A result shape the AWS CLI itself cannot render (it fails with a Python exception). */
export class UnrenderableResultError extends CliOutputError {
  override name = 'UnrenderableResultError';
}
