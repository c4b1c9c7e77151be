import { runFunction } from '../../src/krm/index.js';
import { emitPackageVariants } from './processor.js';

void runFunction(emitPackageVariants, 'emit-package-variants');
