import { runFunction } from '../../src/krm/index.js';
import { resolveDependencies } from './processor.js';

await runFunction(resolveDependencies, 'resolve-dependencies');
