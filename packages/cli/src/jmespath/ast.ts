/** The AST that the `jmespath` npm package's compile() produces. */
export interface Node {
  type: string;
  name?: string;
  value?: unknown;
  children?: unknown[];
}

/** A `&expr` argument, kept unevaluated until a function applies it. */
export class ExpressionRef {
  constructor(
    readonly node: Node,
    readonly apply: (node: Node, value: unknown) => unknown,
  ) {}

  call(value: unknown): unknown {
    return this.apply(this.node, value);
  }
}

export class JmesPathRuntimeError extends Error {
  override name = 'JmesPathRuntimeError';
}
