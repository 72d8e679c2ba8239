import type { RecordedRequest } from './fake-connector.js';

/** The most requests that arrived within any one second, sliding, as Teams counts its limit. */
export function busiestSecond(requests: RecordedRequest[]): number {
  const at = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
