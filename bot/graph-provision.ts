import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type AppConfig, type GraphConfig } from '../services/config.js';
import type { GraphApi } from '../services/graph/graph-api.js';
import { openGraph } from '../services/graph/open-graph.js';
import { ProvisionFailed, provisionLists } from '../services/graph/provision-lists.js';
import type { ReplicaList } from '../services/replica/replica-spec.js';
import { loadEnvFile } from './env-file.js';
import { replicaListsFor } from './replica-lists.js';

export interface GraphProvisionOptions {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  /** Tests give the lists and a Graph of their own; the command takes them from the features and the config. */
  lists?: (config: AppConfig) => Promise<ReplicaList[]>;
  graph?: (config: GraphConfig) => GraphApi;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `npm run graph:provision`: creates or brings up to date the SharePoint lists of the replica,
 * printing each thing it created or changed. Exit code 0 when the lists are as declared, 1 with
 * a line naming the fix otherwise; running it again after the fix carries on.
 */
export async function graphProvision(opts: GraphProvisionOptions): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(opts.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    opts.out(`Configuration problem: ${e.message}`);
    return 1;
  }
  if (!config.graph) {
    opts.out('The SharePoint replica is off: set SHAREPOINT_SITE_ID, with GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH), first (README, "SharePoint replica").');
    return 1;
  }
  const siteId = config.graph.siteId;
  if (!siteId) {
    opts.out('The SharePoint replica is off: SHAREPOINT_SITE_ID is not set, so there is no site to create the lists on. Set SHAREPOINT_SITE_ID to the site\'s id (README, "SharePoint replica") and run this again.');
    return 1;
  }
  const lists = await (opts.lists ?? replicaListsFor)(config);
  if (lists.length === 0) {
    opts.out('No feature declares a SharePoint list yet: nothing to provision.');
    return 0;
  }
  const graph = (opts.graph ?? openGraph)(config.graph);
  opts.out(`Provisioning ${lists.length} SharePoint lists on site ${siteId} through ${config.graph.endpoint}…`);
  try {
    const report = await provisionLists({ graph, siteId, lists, sleep: opts.sleep });
    for (const step of report.steps) opts.out(`${step.kind === 'warning' ? 'Warning: ' : ''}${step.text}`);
    opts.out(report.changed ? 'Done: the lists are as the bot declares them.' : 'Nothing to change: every list and column is already there.');
    return report.steps.some((s) => s.kind === 'warning') ? 1 : 0;
  } catch (e) {
    if (!(e instanceof ProvisionFailed)) throw e;
    for (const step of e.steps) opts.out(step.text);
    opts.out(`Stopped: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadEnvFile(process.env);
  graphProvision({ env: process.env, out: (line) => process.stdout.write(`${line}\n`) }).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`graph:provision failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
