import { describe, expect, it } from 'vitest';
import { ApiIndex } from '../../src/catalog/index.js';
import type { CatalogPackage } from '../../src/catalog/index.js';
import { chooseRevision } from '../../src/resolve/index.js';

/** The messages of chooseRevision (docs/SPEC.md rule revision-choice) when no revision can be chosen. */

const draftOnly: CatalogPackage = {
  repository: 'sandbox',
  package: 'cert-manager',
  revisions: [
    { revision: '1', lifecycle: 'Draft', provides: [], requires: [], dependsOn: [], objects: [], requiresObjects: [] },
  ],
};
const index = new ApiIndex({ name: 'test', packages: [draftOnly], installed: [], platform: [], platformObjects: [] });

describe('chooseRevision with no Published revision', () => {
  it('with needs, names them', () => {
    const needs = [{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }];
    expect(chooseRevision(index, draftOnly, needs, undefined)).toEqual({
      error:
        'no revision of sandbox/cert-manager serves all of cert-manager.io/v1 Certificate: ' +
        "it has no Published revision; publish a revision that serves them or split the package's needs",
      problem: 'unpublished',
      steps: [{ revision: draftOnly.revisions[0], verdict: 'unpublished' }],
    });
  });

  it('with no needs (a package reached through dependsOn alone), says only what is missing', () => {
    expect(chooseRevision(index, draftOnly, [], undefined)).toEqual({
      error: 'no revision of sandbox/cert-manager can be installed: it has no Published revision; publish one',
      problem: 'unpublished',
      steps: [{ revision: draftOnly.revisions[0], verdict: 'unpublished' }],
    });
  });
});
