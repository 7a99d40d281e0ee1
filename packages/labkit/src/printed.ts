/** Errors whose CLI line a lab step already printed, so a script's last-resort handler does not repeat it. */
const printed = new WeakSet<object>();

export function markPrinted(error: unknown): void {
  if (error && typeof error === 'object') printed.add(error);
}

export function wasPrinted(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && printed.has(error));
}
