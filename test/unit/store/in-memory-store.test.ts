// The in-memory test double of the store obeys the same contract as the DynamoDB adapter, so unit tests that use it
// see the behaviour the real store has.
import { describe } from 'vitest';
import { runConnectorStoreContract } from '../../support/connector-store-contract.ts';
import { InMemoryConnectorStore } from '../../support/in-memory-connector-store.ts';

describe('InMemoryConnectorStore (test double)', () => {
  runConnectorStoreContract({ newStore: () => new InMemoryConnectorStore() });
});
