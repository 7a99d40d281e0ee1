/**
 * Who may talk to the sandbox at all, decided from the request line and headers before anything else is
 * read. It listens on loopback, but a web page can still reach loopback: through DNS rebinding (a name the
 * attacker controls that resolves to 127.0.0.1, so the browser sends `Host: evil.example:4580`) or with a
 * plain cross-site request (which carries an `Origin`). Local tools (the SDKs, the AWS CLI, the labs) send
 * the Host they were pointed at and never an Origin, so both are refused.
 */

/** The names a loopback endpoint is reached by; the user adds others with `--hostname`. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** A DNS name, an IPv4 address or a bracketed IPv6 address, optionally with `:port`. */
const HOSTNAME_RE =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

export interface HostGuard {
  /** The one-line reason a request is refused, or undefined when it may be served. */
  refusal(headers: Record<string, string | string[] | undefined>): string | undefined;
  /** The Host values accepted, for messages. */
  readonly accepted: readonly string[];
}

/** Checks a `--hostname` value; throws a one-line error for anything that is not a host name. */
export function checkHostname(name: string): string {
  const lower = name.trim().toLowerCase();
  if (!HOSTNAME_RE.test(lower)) {
    throw new Error(
      `Invalid hostname '${name}': use a DNS name or an IP address, optionally with :port (e.g. host.docker.internal)`,
    );
  }
  return lower;
}

/**
 * The Host values the sandbox answers on `port`: the loopback names and the configured ones, each with the
 * port (a configured `name:port` is taken as given, for a proxy in front of the sandbox).
 */
export function hostGuard(port: number, configured: readonly string[] = []): HostGuard {
  const accepted = new Set<string>();
  for (const name of [...LOOPBACK_NAMES, ...configured.map(checkHostname)]) {
    accepted.add(/:\d+$/.test(name) ? name : `${name}:${port}`);
    // A client talking to port 80 may leave the port out, as HTTP allows.
    if (port === 80 && !/:\d+$/.test(name)) accepted.add(name);
  }
  const list = [...accepted];
  return {
    accepted: list,
    refusal(headers) {
      if (headers.origin !== undefined) {
        return 'the sandbox answers local tools, not web pages: requests with an Origin header are refused';
      }
      const host = headers.host;
      if (typeof host !== 'string' || host === '') return 'the request has no Host header';
      if (!accepted.has(host.toLowerCase())) {
        return `Host '${printable(host)}' is not one the sandbox answers (${list.join(', ')}; add names with --hostname)`;
      }
      return undefined;
    },
  };
}

/** At most 100 characters, control characters shown as `?`, so a hostile header cannot shape the answer. */
function printable(s: string): string {
  return s.slice(0, 100).replace(/[^\x20-\x7e]/g, '?');
}
