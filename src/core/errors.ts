/** What an error says, for a message on the page: its message when it is an Error, else its text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Ends an exhaustive switch: the compiler proves it unreachable, and at run time it names the stray value. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
