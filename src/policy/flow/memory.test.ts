import { flowStoreContract } from '../../../test/contracts/flow-store.js';
import { MemoryFlowStore } from './memory.js';

flowStoreContract('memory', ({ maxKeys }) => new MemoryFlowStore({ maxKeys }));
