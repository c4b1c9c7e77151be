import { runFunction } from '../../src/krm/index.js';
import { validateRemoval } from './processor.js';

await runFunction(validateRemoval, 'validate-removal');
