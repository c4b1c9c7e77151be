import { objectKey, packageKey } from '../catalog/index.js';
import type { Catalog, RevisionEntry } from '../catalog/index.js';
import { isObjectNeed } from '../resolve/index.js';
import type { CandidateStep, CandidateTest, Requirement, TieBreakStep, TieBreakTest } from '../resolve/index.js';

/** One line of a funnel: what the step kept, and how many revisions (absent for tie-breaks) and packages it left. */
interface FunnelLine {
  label: string;
  revisions?: number;
  packages: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counted(label: string, entries: readonly RevisionEntry[]): FunnelLine {
  return {
    label,
    revisions: new Set(entries.map((entry) => entry.revision)).size,
    packages: new Set(entries.map((entry) => packageKey(entry.pkg))).size,
  };
}

/** The lines, counts aligned; the last one is marked when `emptied`. */
function aligned(lines: FunnelLine[], emptied: boolean): string[] {
  const width = Math.max(...lines.map((line) => line.label.length));
  return lines.map((line, i) => {
    const count =
      line.revisions === undefined
        ? plural(line.packages, 'package')
        : `${plural(line.revisions, 'revision')} of ${plural(line.packages, 'package')}`;
    const mark = emptied && i === lines.length - 1 ? '  <- nothing left' : '';
    return `${line.label.padEnd(width)}  ${count}${mark}`;
  });
}

function groupName(group: string): string {
  return group === '' ? '"" (core)' : group;
}

function candidateLabel(test: CandidateTest, need: Requirement): string {
  if (isObjectNeed(need)) return test === 'published' ? 'Published' : `creating ${objectKey(need.object)}`;
  switch (test) {
    case 'group':
      return `providing group ${groupName(need.group)}`;
    case 'crd':
      return `providing kind ${need.kind ?? ''} (CRD)`;
    case 'apiservice':
      return need.kind === undefined
        ? 'serving the group through an APIService (kinds unknown)'
        : `providing kind ${need.kind} (no CRD does), or an APIService of the group`;
    case 'object':
    case 'published':
      return 'Published';
    case 'version':
      return need.version === '*'
        ? 'serving any version (only an RBAC rule names it)'
        : `serving version ${need.version}`;
  }
}

/**
 * The filters of docs/SPEC.md rule candidates as `candidatesFor` took them for `need`, after a first line
 * counting every revision of the catalog, each with what it left; the filter that left nothing is marked.
 */
export function candidateFunnel(catalog: Catalog, need: Requirement, steps: readonly CandidateStep[]): string[] {
  const all = catalog.packages.flatMap((pkg) => pkg.revisions.map((revision) => ({ pkg, revision })));
  const lines = [
    counted('all catalog revisions', all),
    ...steps.map((step) => counted(candidateLabel(step.test, need), step.left)),
  ];
  return aligned(lines, steps.at(-1)?.left.length === 0);
}

function tieBreakLabel(test: TieBreakTest, target: string | undefined): string {
  switch (test) {
    case 'installed':
      return target === undefined ? 'installed on the target (no --target given)' : `installed on ${target}`;
    case 'preference':
      return 'named by a preference';
    case 'chosen-elsewhere':
      return 'already chosen for another need of the package';
  }
}

/** The tie-breaks of docs/SPEC.md rule tie-breaks as the resolver took them, each with the packages it singled out. */
export function tieBreakFunnel(steps: readonly TieBreakStep[], target: string | undefined): string[] {
  return aligned(
    steps.map((step) => ({ label: tieBreakLabel(step.test, target), packages: step.left.length })),
    false,
  );
}
