/** The KRM runtime: ResourceList in and out, item edits, results, function configs. */
export { byCodePoint } from './compare.js';
export { CONFIG_API_VERSION, readFunctionConfig } from './config.js';
export type { ConfigSpec } from './config.js';
export {
  INDEX_ANNOTATION,
  LOCAL_CONFIG_ANNOTATION,
  PATH_ANNOTATION,
  annotation,
  describeItem,
  describeItems,
  isLocalConfig,
  itemFile,
  itemRef,
  itemString,
  itemValue,
  removeAnnotation,
  setAnnotation,
  toPlain,
} from './item.js';
export {
  isKptfilePath,
  isResourceFile,
  readFile,
  readFiles,
  readPackageDir,
  readPackageItems,
  unreadResult,
} from './package-dir.js';
export type { UnreadFile } from './package-dir.js';
export { InputError, formatResourceList, parseResourceList } from './resource-list.js';
export { plainItem } from './text/lazy-item.js';
export type { ParseOptions, ResourceList } from './resource-list.js';
export { codeOf, exitCodeFor, hasErrors, makeResult, moveResult, sortResults } from './result.js';
export { processText, runFunction } from './run.js';
export type { Output, Processor, RunOptions } from './run.js';
export type { ResourceRef, Result, Severity } from './types.js';
export { CODE_TAG, RESULT_CODES } from './errors.js';
export type { ResultCode } from './errors.js';
export { describeValue, violations } from './schema-errors.js';
export type { Violation } from './schema-errors.js';
