import type { Connector } from '../datastores/connector.js';
import { openConnector, type OpenConnectorOptions } from '../datastores/index.js';
import type { DataMap } from '../map/index.js';
import type { ExecutionContext } from './execution-context.js';
import { runRequest, type RunOptions } from './run-request.js';

/**
 * Opens a connector per datastore the map declares, runs `work` with them, and closes them all,
 * also when `work` throws. `mapDir` is where relative PGlite data directories are found; `env`
 * where connection secrets are (`process.env` when absent).
 */
export async function withConnectors<T>(
  map: DataMap,
  mapDir: string,
  work: (connectors: ReadonlyMap<string, Connector>) => Promise<T>,
  env?: OpenConnectorOptions['env'],
): Promise<T> {
  const connectors = new Map<string, Connector>();
  try {
    for (const datastore of map.datastores) {
      connectors.set(
        datastore.id,
        await openConnector(datastore, { mapDir, ...(env === undefined ? {} : { env }) }),
      );
    }
    return await work(connectors);
  } finally {
    for (const connector of connectors.values()) await connector.close();
  }
}

/**
 * The executor as the requests module's `onApproved` hook, for a process without a job queue: an
 * approved request is run at once, inside the approving call, with connectors opened for the run
 * and closed after. `custodian serve` queues runs instead (`startRequestRunner`). A failure marks the request failed
 * (`runRequest` does) and is thrown on, so the requests module notes on the timeline that the
 * run did not complete; `custodian requests run <id>` resumes it.
 */
export function runOnApproval(
  base: Omit<ExecutionContext, 'connectors' | 'actor'> & { readonly mapDir: string },
  options: Omit<RunOptions, 'dryRun' | 'stopAfter'> = {},
): (requestId: string) => Promise<void> {
  return async (requestId) => {
    await withConnectors(base.map, base.mapDir, async (connectors) => {
      await runRequest({ ...base, actor: 'system', connectors }, requestId, options);
    });
  };
}
