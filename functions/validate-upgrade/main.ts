import { runFunction } from '../../src/krm/index.js';
import { validateUpgrade } from './processor.js';

void runFunction(validateUpgrade, 'validate-upgrade');
