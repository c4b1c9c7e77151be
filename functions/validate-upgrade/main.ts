import { runFunction } from '../../src/krm/index.js';
import { validateUpgrade } from './processor.js';

await runFunction(validateUpgrade, 'validate-upgrade');
