import { runFunction } from '../../src/krm/index.js';
import { emitPackageVariants } from './processor.js';

await runFunction(emitPackageVariants, 'emit-package-variants');
