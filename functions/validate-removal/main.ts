import { runFunction } from '../../src/krm/index.js';
import { validateRemoval } from './processor.js';

void runFunction(validateRemoval, 'validate-removal');
