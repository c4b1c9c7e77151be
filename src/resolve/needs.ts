import type { YAMLMap } from 'yaml';
import { annotation, isLocalConfig, itemString, itemValue } from '../krm/index.js';
import { isCatalogNode } from '../catalog/index.js';
import type { PackageRef } from '../catalog/index.js';
import { splitApiVersion } from './api.js';
import { isKptfile } from './packages.js';

/** The annotation pkgdeps puts on PackageVariants it generates (docs/SPEC.md section 5). */
export const GENERATED_BY = 'pkgdeps.dev/generated-by';

/**
 * What one item asks of the cluster: its own API, the custom resources its RBAC rules name,
 * or, for a PackageVariant written by hand, its upstream package. `field` is where in the
 * item the need comes from, for results.
 */
export type Need =
  | { type: 'api'; item: YAMLMap; group: string; version: string; kind: string; field: string }
  | { type: 'rbac'; item: YAMLMap; group: string; resource: string; field: string }
  | { type: 'rbac-wildcard'; item: YAMLMap; field: string }
  | { type: 'package'; item: YAMLMap; ref: PackageRef; field: string };

/**
 * docs/SPEC.md rule skip-unapplied: items that are not applied to a cluster. PackageVariants pkgdeps generated
 * are skipped too: they go to Porch's management cluster, not the target, and they follow
 * from the dependencies instead of adding any.
 */
export function isSkipped(item: YAMLMap): boolean {
  if (isLocalConfig(item) || isKptfile(item) || isCatalogNode(item)) return true;
  if (annotation(item, GENERATED_BY) !== undefined) return true;
  const { group } = splitApiVersion(itemString(item, ['apiVersion']) ?? '');
  return group === 'kpt.dev' || group === 'fn.kpt.dev' || group === 'fn.pkgdeps.dev';
}

interface RbacRule {
  apiGroups?: unknown;
  resources?: unknown;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function rbacNeeds(item: YAMLMap): Need[] {
  const rules = itemValue(item, ['rules']);
  if (!Array.isArray(rules)) return [];
  const needs: Need[] = [];
  rules.forEach((rule: RbacRule | null, index) => {
    if (rule === null || typeof rule !== 'object') return;
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    if (groups.length === 0 || resources.length === 0) return;
    const field = `rules[${index}]`;
    if (groups.includes('*') || resources.includes('*')) {
      needs.push({ type: 'rbac-wildcard', item, field });
    }
    for (const group of groups) {
      if (group === '*') continue;
      for (const resource of resources) {
        if (resource === '*') continue;
        const plural = resource.split('/')[0] ?? resource;
        if (plural === '' || plural === '*') continue;
        needs.push({ type: 'rbac', item, group, resource: plural, field });
      }
    }
  });
  return needs;
}

/** `spec.downstream.repo` of a PackageVariant: the deployment repository, so the target, it installs into. */
export function downstreamRepo(item: YAMLMap): string | undefined {
  return itemString(item, ['spec', 'downstream', 'repo']);
}

function packageVariantNeed(item: YAMLMap): Need[] {
  const repository = itemString(item, ['spec', 'upstream', 'repo']);
  const pkg = itemString(item, ['spec', 'upstream', 'package']);
  if (repository === undefined || pkg === undefined) return [];
  return [{ type: 'package', item, ref: { repository, package: pkg }, field: 'spec.upstream' }];
}

/** Every need of one item that is applied to a cluster, in the order of the item's fields. */
export function needsOf(item: YAMLMap): Need[] {
  const apiVersion = itemString(item, ['apiVersion']);
  const kind = itemString(item, ['kind']);
  if (apiVersion === undefined || kind === undefined) return [];
  const { group, version } = splitApiVersion(apiVersion);
  const needs: Need[] = [{ type: 'api', item, group, version, kind, field: 'apiVersion' }];
  if (group === 'rbac.authorization.k8s.io' && (kind === 'Role' || kind === 'ClusterRole')) {
    needs.push(...rbacNeeds(item));
  }
  if (group === 'config.porch.kpt.dev' && kind === 'PackageVariant' && annotation(item, GENERATED_BY) === undefined) {
    needs.push(...packageVariantNeed(item));
  }
  return needs;
}
