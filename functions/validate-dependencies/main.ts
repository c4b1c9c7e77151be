import { runFunction } from '../../src/krm/index.js';
import { validateDependencies } from './processor.js';

void runFunction(validateDependencies, 'validate-dependencies');
