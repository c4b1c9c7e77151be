import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The heap in use after full collections, for tests of what code keeps. The test process exposes `gc` to itself:
 * `--expose-gc` set at run time, and `gc` taken from a new context, where V8 then defines it.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
