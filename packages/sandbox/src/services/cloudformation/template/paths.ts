/** A position inside a template value: object keys and list indexes. */
export type PathPart = string | number;

export function pathKey(path: readonly PathPart[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** `Resources.Vpc.Properties.Tags[0]` */
export function formatPath(path: readonly PathPart[]): string {
  return pathKey(path).replace(/^\./, '');
}
