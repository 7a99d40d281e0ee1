// A module resolve hook for the script host: a lab script imported as `…/x.mts?run=7` gets run 7's own copy
// of every module of the lab it imports (lab.mts, the manifest, scripts/_lib), so their top-level code (the
// environment they read) runs again, as it would in a process of its own. Packages stay loaded once.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const run = context.parentURL ? /[?&]run=(\d+)/.exec(context.parentURL) : null;
  const url = resolved.url;
  if (
    run &&
    url.startsWith('file:') &&
    url.includes('/scripts/') &&
    !url.includes('/node_modules/') &&
    !url.includes('?')
  ) {
    return { ...resolved, url: `${url}?run=${run[1]}` };
  }
  return resolved;
}
