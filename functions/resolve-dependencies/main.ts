import { runFunction } from '../../src/krm/index.js';
import { resolveDependencies } from './processor.js';

void runFunction(resolveDependencies, 'resolve-dependencies');
