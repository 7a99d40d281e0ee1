/**
 * Quotes one argument for bash so it survives as one word. Written here rather than taken from a library
 * because the libraries escape character by character (`Policies\[\?PolicyName\=\=...`), which is correct but
 * unreadable in a blog post; this keeps the forms a person types: bare, '...', or "..." when the value itself
 * holds a single quote.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_\-.,:/=@%+^]+$/.test(arg)) return arg;
  if (!arg.includes("'")) return `'${arg}'`;
  // Pasted into an interactive bash, "...!..." is a history expansion ("event not found"): with a "!" the
  // single quotes stay, and each ' inside is written '\''.
  if (arg.includes('!')) return `'${arg.replaceAll("'", "'\\''")}'`;
  return `"${arg.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}
