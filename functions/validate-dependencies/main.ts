import { runFunction } from '../../src/krm/index.js';
import { validateDependencies } from './processor.js';

await runFunction(validateDependencies, 'validate-dependencies');
