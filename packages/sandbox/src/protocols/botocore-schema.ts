/*
 * A botocore service model (service-2.json) as the compact Smithy schema tuples the SDK v3 clients export
 * (`Op$ = [9, ns, name, traits, input, output]`, structures `[3, ...]`, errors `[-3, ...]`), so that a
 * service whose published SDK v3 client predates embedded schemas (DevOps Guru) goes through the same
 * model-driven layer as the others. Member locations become Smithy HTTP binding traits (httpLabel,
 * httpQuery, httpHeader), the operation's method and URI the `http` trait, error status codes `httpError`.
 */

interface BotoMember {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
}

interface BotoShape {
  type: string;
  members?: Record<string, BotoMember>;
  required?: string[];
  member?: BotoMember;
  key?: BotoMember;
  value?: BotoMember;
  timestampFormat?: string;
  error?: { httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
}

export interface BotocoreModel {
  metadata: { targetPrefix?: string; serviceId: string };
  operations: Record<
    string,
    {
      name: string;
      http: { method: string; requestUri: string; responseCode?: number };
      input?: { shape: string };
      output?: { shape: string };
      errors?: { shape: string }[];
    }
  >;
  shapes: Record<string, BotoShape>;
}

const SIMPLE: Record<string, number> = {
  string: 0,
  integer: 1,
  long: 1,
  double: 1,
  float: 1,
  boolean: 2,
  blob: 21,
};
const TIMESTAMP: Record<string, number> = { iso8601: 5, rfc822: 6, unixTimestamp: 7 };
const EMPTY_STRUCT = (ns: string, name: string) => [3, ns, name, 0, [], []];

export function schemasFromBotocore(model: BotocoreModel, ns: string): Record<string, unknown[]> {
  const built = new Map<string, unknown>();
  const schema = (name: string): unknown => {
    const cached = built.get(name);
    if (cached !== undefined) return cached;
    const s = model.shapes[name];
    if (!s) throw new Error(`botocore model: no shape ${name}`);
    if (s.type === 'timestamp') return TIMESTAMP[s.timestampFormat ?? ''] ?? 4;
    if (s.type in SIMPLE) return SIMPLE[s.type];
    const tuple: unknown[] = [];
    built.set(name, () => tuple);
    if (s.type === 'list') tuple.push(1, ns, name, 0, member(s.member as BotoMember));
    else if (s.type === 'map')
      tuple.push(2, ns, name, 0, member(s.key as BotoMember), member(s.value as BotoMember));
    else tuple.push(...structure(name, s));
    return () => tuple;
  };
  const member = (m: BotoMember): unknown => {
    const inner = schema(m.shape);
    const traits =
      m.location === 'uri'
        ? { httpLabel: 1 }
        : m.location === 'querystring'
          ? { httpQuery: m.locationName }
          : m.location === 'header'
            ? { httpHeader: m.locationName }
            : undefined;
    return traits ? [inner, traits] : inner;
  };
  const structure = (name: string, s: BotoShape): unknown[] => {
    const required = s.required ?? [];
    const names = [...required, ...Object.keys(s.members ?? {}).filter((n) => !required.includes(n))];
    const traits = s.exception
      ? {
          error: s.error?.senderFault === false ? 'server' : 'client',
          httpError: s.error?.httpStatusCode ?? 400,
        }
      : 0;
    return [
      s.exception ? -3 : 3,
      ns,
      name,
      traits,
      names,
      names.map((n) => member(s.members?.[n] as BotoMember)),
      required.length,
    ];
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, op] of Object.entries(model.operations)) {
    const input = op.input ? schema(op.input.shape) : () => EMPTY_STRUCT(ns, `${name}Request`);
    const output = op.output ? schema(op.output.shape) : () => EMPTY_STRUCT(ns, `${name}Response`);
    out[`${name}$`] = [
      9,
      ns,
      name,
      { http: [op.http.method, op.http.requestUri, op.http.responseCode ?? 200] },
      input,
      output,
    ];
    for (const e of op.errors ?? []) {
      const s = model.shapes[e.shape] as BotoShape;
      out[`${e.shape}$`] = structure(e.shape, { ...s, exception: true });
    }
  }
  return out;
}
