/** "1 person", "2 people", "1,200 cards": a count with the noun that agrees with it. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** A reason to put inside "(…)." or before a full stop of ours: without its own closing full stop. */
export function withoutFullStop(reason: string): string {
  return reason.trim().replace(/\.+$/, '');
}
