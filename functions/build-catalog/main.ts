import { runFunction } from '../../src/krm/index.js';
import { buildCatalog } from './processor.js';

void runFunction(buildCatalog, 'build-catalog');
