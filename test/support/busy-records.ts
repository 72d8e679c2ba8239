/** What the busy writer (busy-writer.ts) stores, so a test can tell an intact record from a torn one. */
export const BUSY_PARTS = 4;
export const busyCollection = (n: number) => `busy/p${n % BUSY_PARTS}`;
export const busyRecord = (n: number) => ({ id: `r${n}`, n, body: `${n}:${'abcdefghij'.repeat(20)}` });
/** Every tenth change also deletes the record put five before it. */
export const busyDeleted = (n: number) => (n + 5) % 10 === 0;
