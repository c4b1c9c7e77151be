import type { YAMLMap } from 'yaml';
import { parseResourceList } from '../../src/krm/index.js';
import { kptfileText, resourceListText } from '../support/resource-list.js';
import type { TestFile } from '../support/resource-list.js';

/** Test inputs of build-catalog: blueprint packages as files of a ResourceList. */

export function crdText(
  group: string,
  kind: string,
  plural: string,
  versions: Array<[string, boolean]>,
  scope = 'Namespaced',
): string {
  const list = versions
    .map(([name, served]) => `    - {name: ${name}, served: ${served}, storage: ${served}}`)
    .join('\n');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}}
  scope: ${scope}
  versions:
${list}
`;
}

export function apiServiceText(group: string, version: string, service = '{name: api, namespace: system}'): string {
  return `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: ${version}.${group}
spec:
  group: ${group}
  version: ${version}
  service: ${service}
`;
}

export function resourceText(apiVersion: string, kind: string, name: string, extra = ''): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;
}

/** A package directory: its Kptfile (named after the last path segment) and the given files. */
export function pkg(dir: string, files: Record<string, string>): TestFile[] {
  const name = dir.split('/').pop() ?? dir;
  return [
    { path: `${dir}/Kptfile`, yaml: kptfileText(name) },
    ...Object.entries(files).map(([path, yaml]) => ({ path: `${dir}/${path}`, yaml })),
  ];
}

export function itemsOf(files: TestFile[]): YAMLMap[] {
  return parseResourceList(resourceListText(files)).items;
}
