import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The loop of `pkgdeps catalog from-cluster --every` (docs/SPEC.md rule catalog-apply): `round`
 * at once, then again `every` milliseconds after each round ends, until `stop` fires. A round
 * under way when it fires is not cut short here (the client aborts its requests on the same
 * signal); the wait between rounds ends at once. `round` reports its own failures.
 */
export async function repeatUntil(stop: AbortSignal, every: number, round: () => Promise<void>): Promise<void> {
  while (!stop.aborted) {
    await round();
    if (stop.aborted) return;
    try {
      await sleep(every, undefined, { signal: stop });
    } catch (error) {
      if (stop.aborted) return;
      throw error;
    }
  }
}
