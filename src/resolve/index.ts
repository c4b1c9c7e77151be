export { apiKey, apiLabel, splitApiVersion } from './api.js';
export type { GroupVersion } from './api.js';
export { annotatePackage, DEPENDS_ON, PROVIDED_BY, REQUIRES_APIS, REQUIRES_OBJECTS } from './annotate.js';
export type { AnnotateOptions } from './annotate.js';
export { GENERATED_BY, downstreamRepo, isSkipped, needsOf } from './needs.js';
export type { Need } from './needs.js';
export { describeUnit, dirOf, groupByPackage, isKptfile, isUnder } from './packages.js';
export type { PackageUnit } from './packages.js';
export {
  SETTLE_TAG,
  needSubject,
  needText,
  needsOfUses,
  preferenceForms,
  resolve,
  settleTags,
  targetRepository,
  unresolvedCode,
} from './resolve.js';
export type {
  Dependency,
  PackageResolution,
  Preference,
  Resolution,
  ResolveOptions,
  TieBreakStep,
  TieBreakTest,
  Unresolved,
  Use,
} from './resolve.js';
export { createdObject, createdObjects, localObjects, objectReferences, ownObjects } from './references.js';
export type { ObjectReference } from './references.js';
export { candidatesFor, objectCandidates } from './candidates.js';
export type { CandidateAnswer, CandidateStep, CandidateTest } from './candidates.js';
export type { RuleName, Step } from './steps.js';
export {
  chooseRevision,
  chosenRevision,
  everyNeed,
  isObjectNeed,
  missingText,
  needKey,
  revisionRequirements,
  serves,
} from './revision-choice.js';
export type {
  ObjectNeed,
  Requirement,
  RevisionChoice,
  RevisionProblem,
  RevisionStep,
  VersionNeed,
} from './revision-choice.js';
export {
  checkPreferences,
  parsePreferences,
  preferenceSubject,
  prepare,
  readFailure,
  resolveConfigSpec,
  resolveDefaults,
  resolveProperties,
} from './config.js';
export type { Prepared, ResolveConfig } from './config.js';
export { dependencyClosure, packageClosure, reachedThroughDependsOn } from './closure.js';
export type { Closure, ClosureNode, ClosureOptions, Reached, Root } from './closure.js';
