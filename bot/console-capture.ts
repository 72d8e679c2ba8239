import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * botbuilder's token validator (botframework-connector JwtTokenExtractor.validateToken) calls
 * console.error itself before it throws: the whole TokenExpiredError with its stack, or "Error
 * finding key for token. Available keys: <PEM>" for a bad signature or a token not valid yet. It
 * has no logger hook, and those lines would land on stderr outside our JSON log, once per refused
 * request. So while botbuilder checks a token, console.error calls made from inside that check
 * (the same async context) go to `sink` instead; calls from anywhere else pass straight through.
 *
 * console is process-wide, so the replacement is counted: it is put in place when the first check
 * starts and the original is put back when the last one settles. Nothing is left behind between
 * requests. If someone else replaces console.error while a check runs, theirs is kept.
 */
type ConsoleError = (...args: unknown[]) => void;

const scope = new AsyncLocalStorage<ConsoleError>();
let running = 0;
let original: ConsoleError | null = null;
let replacement: ConsoleError | null = null;

function enter(): void {
  if (running++ > 0) return;
  const passThrough = console.error;
  original = passThrough;
  replacement = (...args: unknown[]) => (scope.getStore() ?? passThrough).apply(console, args);
  console.error = replacement;
}

function leave(): void {
  if (--running > 0) return;
  if (console.error === replacement && original) console.error = original;
  original = null;
  replacement = null;
}

/** Runs `work`, sending console.error calls made inside it to `sink`. Settles when `work` settles. */
export async function captureConsoleErrors<T>(work: () => Promise<T>, sink: ConsoleError): Promise<T> {
  enter();
  try {
    return await scope.run(sink, work);
  } finally {
    leave();
  }
}
