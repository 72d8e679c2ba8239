/**
 * A Retry-After header in milliseconds: Graph sends whole seconds, HTTP also allows a date.
 * Undefined when absent or unreadable, so callers fall back to their own back-off.
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  const raw = header?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
