// How to run a script of a lab from where this one was started: by path in a checkout, or through the lab's
// CloudShell bundle (whose main module sets globalThis.__handsonBundle to e.g. `node 04-….mjs`).
declare global {
  var __handsonBundle: string | undefined;
}

export function invocation(slug: string, name: string): string {
  const bundle = globalThis.__handsonBundle;
  return bundle ? `${bundle} ${name}` : `./scripts/${slug}/${name}.mts`;
}
