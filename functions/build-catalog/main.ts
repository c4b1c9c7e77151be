import { runFunction } from '../../src/krm/index.js';
import { buildCatalog } from './processor.js';

await runFunction(buildCatalog, 'build-catalog');
