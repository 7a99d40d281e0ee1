/**
 * The public type of the clients this package hands out: what labs use of an SDK v3 client, typed from the
 * command alone.
 *
 * Why not the SDK's own client classes: tslab type-checks every notebook cell against every declaration file
 * its program reaches, and rebuilds that program twice per cell. Naming EC2Client, IAMClient, … in these
 * declarations made every notebook that imports this package (or labkit) load the declarations of all six
 * clients — about 2,200 files, 1,065 of them EC2's — even a notebook that only talks to SQS. A structural
 * type keeps the input and output types of every call exact (they come from the command, which the cell
 * imports from its SDK package anyway); what it gives up is the compile-time check that a command belongs to
 * the client it is sent with, which the service then reports at run time. Code that needs a client's own
 * class (waiters, paginators) asks for it by constructor: `client(EC2Client)` is the very same instance,
 * typed as the SDK's.
 */

/** An SDK v3 command of any service: its input, its operation schema. */
// biome-ignore lint/suspicious/noExplicitAny: any SDK v3 command of any service
export type SdkCommand = { input: any; schema?: unknown };

/** The output type an SDK v3 command resolves to. */
export type OutputOf<C> = C extends {
  // biome-ignore lint/suspicious/noExplicitAny: only the output type matters here
  resolveMiddleware(...args: any[]): (...a: any[]) => Promise<{ output: infer O }>;
}
  ? O
  : // biome-ignore lint/suspicious/noExplicitAny: a command-like object without the SDK's middleware types
    any;

/** The endpoint an SDK client resolved (the SDK's `Endpoint` shape). */
export interface ResolvedEndpoint {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
}

/** An SDK v3 client as the labs use it. */
export interface LabClient {
  send<C extends SdkCommand>(command: C, options?: { abortSignal?: unknown }): Promise<OutputOf<C>>;
  destroy(): void;
  readonly config: {
    region: () => Promise<string>;
    endpoint?: () => Promise<ResolvedEndpoint>;
  };
}
