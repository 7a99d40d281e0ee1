/**
 * One-line notices for people (which target, which account, a started sandbox). They go to stderr so a
 * script's stdout stays what the blog's command printed; tslab shows console.error in the cell.
 */
type Sink = (line: string) => void;

let sink: Sink = (line) => console.error(line);

export function notice(line: string): void {
  sink(line);
}

/** Redirects notices (e.g. to collect them in a test); returns a function that restores the previous sink. */
export function setNoticeSink(next: Sink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}
