import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Document, isMap, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { CATALOG_ANNOTATION, isCatalogNode, readCatalog } from '../src/catalog/index.js';
import type { Catalog } from '../src/catalog/index.js';
import { newCatalogNode, setPackagesText } from '../src/catalog-build/index.js';
import type { Io } from './command.js';
import { CommandError } from './command.js';

/**
 * The catalog file the catalog commands write (`-o FILE`): read first when it exists, so an
 * update keeps its other entries; an unusable file is refused, never overwritten.
 */
export interface CatalogFile {
  path: string | undefined;
  doc: Document;
  node?: YAMLMap;
  catalog?: Catalog;
}

export function openCatalogFile(path: string | undefined): CatalogFile {
  if (path === undefined || !existsSync(path)) return { path, doc: new Document() };
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const node = doc.contents;
  if (doc.errors.length > 0 || !isMap(node) || !isCatalogNode(node)) {
    throw new CommandError(
      `${path} exists and does not hold one catalog ConfigMap (annotation ${CATALOG_ANNOTATION}); choose another -o FILE`,
    );
  }
  const loaded = readCatalog(node);
  if (loaded.catalog === undefined)
    throw new CommandError(`${path}: ${loaded.results.map((result) => result.message).join('; ')}`);
  return { path, doc, node, catalog: loaded.catalog };
}

/** The catalog node of the file holding `text` as its packages, new or updated. */
export function catalogNode(file: CatalogFile, name: string, text: string): YAMLMap {
  if (file.node !== undefined) {
    setPackagesText(file.node, text);
    return file.node;
  }
  const node = newCatalogNode(file.doc, name, text);
  file.doc.contents = node;
  file.node = node;
  return node;
}

/** Writes the catalog to stdout, or to the file; the message says where it went. */
export function writeCatalogFile(file: CatalogFile, io: Io): string | undefined {
  const yaml = file.doc.toString({ lineWidth: 0 });
  if (file.path === undefined) {
    io.stdout(yaml);
    return undefined;
  }
  writeFileSync(file.path, yaml);
  return file.path;
}
