/**
 * A rule of docs/SPEC.md section 4 that chooses a provider, by its heading name; a tie-break with its
 * letter, as the SPEC cites it (`tie-breaks (a)`: installed on the target, `(b)`: a preference, `(c)`:
 * already chosen, without this tie-break, for another need of the package).
 */
export type RuleName =
  'candidates' | 'tie-breaks (a)' | 'tie-breaks (b)' | 'tie-breaks (c)' | 'package-variant-upstream';

/**
 * One step of a decision as the code that decides took it: the rule it belongs to, the test it applied
 * (named by that code), and what was left after it. Explanations (`pkgdeps why`) print these steps; they
 * never decide again.
 */
export interface Step<T, Test extends string = string> {
  rule: RuleName;
  test: Test;
  left: readonly T[];
}
