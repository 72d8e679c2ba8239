import sinon from 'sinon';

// Node's own process warnings ("(node:PID) Warning: Closing file descriptor N on garbage
// collection", deprecations) are printed whenever GC or a first use happens to run, so they can
// fall inside any window; they say nothing about the request being watched.
const nodeWarning = new RegExp(`^\\(node:${process.pid}\\) |^\\(Use \`node --trace-`);

/**
 * What is written to this process's stderr while `work` runs, Node's own warnings left out. The
 * bot under test runs in this process, so whatever it (or a library inside it) prints lands here.
 * Captured, not printed.
 */
export async function stderrDuring<T>(work: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const chunks: string[] = [];
  const write = sinon.stub(process.stderr, 'write').callsFake(((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }));
  try {
    const result = await work();
    const lines = chunks.join('').split('\n').filter((l) => l && !nodeWarning.test(l));
    return { result, stderr: lines.join('\n') };
  } finally {
    write.restore();
  }
}
