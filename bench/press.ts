/**
 * RSVP presses (bench/load.ts) in a process of their own, for the broadcast bench: there the
 * fake Bot Connector times every request's arrival, and a load generator sharing its event loop
 * would delay those times in bunches. Reads {url, serviceUrl, users, warmupMs, measureMs} as JSON
 * from argv[2]; prints the LoadSample as JSON.
 */
import { runLoad, type LoadOptions } from './load.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
process.stdout.write(`${JSON.stringify(await runLoad(opts))}\n`);
