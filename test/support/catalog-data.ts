import { normaliseInstalled, normalisePackage, normalisePlatform } from '../../src/catalog/normalise.js';
import type { Problem, RawPackage } from '../../src/catalog/normalise.js';
import { parseDataString, schemaViolations } from '../../src/catalog/index.js';
import type { CatalogPackage, InstalledEntry } from '../../src/catalog/index.js';

/**
 * The value of one catalog `data` string as the catalog reader gives it (parsed, checked against its schema,
 * normalised; docs/SPEC.md rules catalog-format and catalog-compact), for tests that look at what a writer wrote
 * whatever its notation. Throws on anything the reader would report.
 */
function checked(key: 'packages' | 'installed' | 'platform', text: string): unknown {
  const parsed = parseDataString(text);
  if ('error' in parsed) throw new Error(`data.${key}: ${parsed.error.message}`);
  const value = parsed.value ?? [];
  const violations = schemaViolations(key, value);
  if (violations.length > 0) throw new Error(`data.${key}: ${violations.join('; ')}`);
  return value;
}

function noProblems(key: string, problems: Array<{ message: string }>): void {
  if (problems.length > 0) throw new Error(`data.${key}: ${problems.map((p) => p.message).join('; ')}`);
}

export function readPackagesText(text: string): CatalogPackage[] {
  const problems: Problem[] = [];
  const packages = (checked('packages', text) as RawPackage[]).map((raw, i) => normalisePackage(raw, i, problems));
  noProblems('packages', problems);
  return packages;
}

export function readInstalledText(text: string): InstalledEntry[] {
  const { installed, problems } = normaliseInstalled(checked('installed', text));
  noProblems('installed', problems);
  return installed;
}

/** The platform entries, API and object entries alike, in their order. */
export function readPlatformText(text: string): unknown[] {
  const { items, problems } = normalisePlatform(checked('platform', text));
  noProblems('platform', problems);
  return items;
}

/**
 * Packages in the shape of their hand-written map form: empty lists and the default `source` left out, for
 * assertions written in that shape.
 */
export function handWritten(packages: CatalogPackage[]): unknown[] {
  return packages.map((pkg) => ({
    ...pkg,
    revisions: pkg.revisions.map((revision) => {
      const entries = Object.entries(revision).filter(([, value]) => !Array.isArray(value) || value.length > 0);
      const shaped = Object.fromEntries(entries) as Record<string, unknown>;
      if (Array.isArray(shaped.provides)) {
        shaped.provides = revision.provides.map(({ source, ...api }) =>
          source === 'APIService' ? { ...api, source } : api,
        );
      }
      return shaped;
    }),
  }));
}

/** `handWritten` of the packages a `data.packages` text holds. */
export function packagesShape(text: string): unknown[] {
  return handWritten(readPackagesText(text));
}
