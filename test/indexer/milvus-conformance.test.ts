// The shared EventStore conformance suite against MilvusEventStore on a real Milvus (Milvus Lite
// started by the harness unless MILVUS_ADDRESS is set). FLAT keeps similarity exact, so rankings
// can be compared with the suite's brute-force oracle.
import t from 'tap';
import { createLogger } from '../../core/index.js';
import { MilvusEventStore, type EventStore } from '../../indexer/index.js';
import { eventStoreConformance } from '../conformance/event-store-suite.js';
import { startMilvusServer } from '../helpers/milvus-server.js';
import { highwayAppearanceFixture } from '../conformance/appearance-fixture.js';

const DIMENSION = 64;
const server = await startMilvusServer();
t.teardown(() => server.close());
const logger = createLogger({ level: 'silent' });
const crops = await highwayAppearanceFixture();
const options = (collection: string) => ({
  address: server.address, collection, dimension: DIMENSION, consistencyLevel: 'Strong' as const, index: { type: 'FLAT' as const },
});

await eventStoreConformance(
  t,
  'milvus',
  () => MilvusEventStore.open(options(server.collectionName('conf')), { logger }),
  (closed: EventStore) => MilvusEventStore.open(options((closed as MilvusEventStore).options.collection), { logger }),
  { appearance: { ...crops, open: () => MilvusEventStore.open({ ...options(server.collectionName('crops')), dimension: crops.dimension }, { logger }) } },
);
