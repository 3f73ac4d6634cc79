/**
 * A process that runs one approved request, for the crash test (erasure-crash.test.ts): it reads
 * its setup from CUSTODIAN_CHILD (JSON), and with `crashAfter` set it stops dead after that many
 * connector `apply`s (a datastore's steps each) have committed, before Custodian checkpoints the
 * last one's steps, and says so on stdout, for the parent to SIGKILL it there. With `crashBefore`
 * it stops dead as the `crashBefore`-th `apply` begins, before it changes anything: the datastores
 * before it committed and were checkpointed (crm-billing-pair.test.ts uses both).
 */
import type { Connector } from '../../src/datastores/index.js';
import type { Datastore } from '../../src/map/index.js';
import { runRequest } from '../../src/execution/index.js';
import { certificateSigningKey, openStore, serverSecret } from '../../src/store/index.js';
import { bestmixMap, closeConnectors, openConnectors } from './harness.js';

interface ChildSetup {
  readonly store: { readonly url?: string; readonly dataDir?: string };
  readonly datastores: Datastore[];
  readonly env: Record<string, string>;
  readonly requestId: string;
  readonly crashAfter?: number;
  readonly crashBefore?: number;
}

const setup = JSON.parse(process.env['CUSTODIAN_CHILD'] ?? '') as ChildSetup;
const store = await openStore(setup.store);
const map = { ...(await bestmixMap()), datastores: setup.datastores };
const secret = await serverSecret(store.db, process.env['CUSTODIAN_SECRET']);
const signingKey = await certificateSigningKey(store.db);
const opened = await openConnectors(map, setup.env);
let applied = 0;
let applying = 0;

/** The connector, stopping dead after the `crashAfter`-th batch of changes it commits. */
function crashing(connector: Connector): Connector {
  return {
    datastore: connector.datastore,
    find: (collection, matches) => connector.find(collection, matches),
    ...(connector.introspect === undefined
      ? {}
      : { introspect: () => connector.introspect?.() ?? Promise.resolve({ tables: [] }) }),
    close: () => connector.close(),
    apply: async (changes, options) => {
      applying += 1;
      if (applying === setup.crashBefore) {
        process.stdout.write(`applying ${applying}\n`);
        // The datastores before this one committed and were checkpointed; this one is untouched.
        await new Promise(() => undefined);
      }
      // The options carry `beforeCommit`, which stores the plan before the first commit.
      const touched = await connector.apply(changes, options);
      applied += 1;
      if (applied === setup.crashAfter) {
        process.stdout.write(`applied ${applied}\n`);
        // Committed in the datastore, not yet checkpointed: wait here for the SIGKILL.
        await new Promise(() => undefined);
      }
      return touched;
    },
  };
}

const connectors = new Map([...opened].map(([id, connector]) => [id, crashing(connector)]));
try {
  const outcome = await runRequest(
    {
      db: store.db,
      map,
      secret,
      signingKey,
      now: () => new Date(),
      actor: 'cli:operator',
      connectors,
    },
    setup.requestId,
  );
  process.stdout.write(`done ${outcome.dryRun ? 'dry' : outcome.record.status}\n`);
} finally {
  await closeConnectors(opened);
  await store.close();
}
