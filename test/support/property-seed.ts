import fc from 'fast-check';

/**
 * Every fast-check property of the tests (vitest setupFiles) runs with one fixed seed, so `npm test` and CI
 * draw the same inputs on every run. `PKGDEPS_PROPERTY_SEED=random` explores: each property draws a new
 * seed, and a failure prints it (`{ seed: N, path: "..." }`); `PKGDEPS_PROPERTY_SEED=N` repeats that run.
 */
const setting = process.env.PKGDEPS_PROPERTY_SEED ?? '20261203';
if (setting !== 'random') {
  const seed = Number(setting);
  if (!Number.isInteger(seed))
    throw new Error(`PKGDEPS_PROPERTY_SEED must be an integer or "random", found "${setting}"`);
  fc.configureGlobal({ seed });
}
