import { resolveDefaults, resolveProperties } from '../resolve/index.js';
import type { ResolveConfig } from '../resolve/index.js';

/** The config of emit-package-variants (docs/SPEC.md section 6): the resolve fields, where PackageVariants go. */
export interface EmitConfig extends ResolveConfig {
  downstreamRepository: string;
  /**
   * Default `<target>-` as a DNS-1123 label (`<downstreamRepository>-` without a target);
   * `""` or `[a-z0-9][-a-z0-9]*`.
   */
  downstreamPrefix?: string;
  namespace: string;
  outputDir: string;
}

const dnsLabel = { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' };

export const emitProperties = {
  ...resolveProperties,
  // Lowercase alphanumerics and `-`, not first: downstream.package is one DNS-1123 label (Porch's package path rule).
  downstreamPrefix: { type: 'string', pattern: '^([a-z0-9][-a-z0-9]*)?$' },
  namespace: dnsLabel,
  // The one pin there is (docs/SPEC.md rule upstream-pin); `revision` and `latest` were removed.
  pin: {
    enum: ['workspaceName'],
    description:
      "pin: revision and pin: latest are gone: Porch's PackageVariant controller chooses the upstream by " +
      'spec.upstream.workspaceName only (it ignores upstream.revision, and without a workspaceName it takes the ' +
      'placeholder revision, which it refuses to clone), so every PackageVariant pins workspaceName; leave pin out',
  },
  // A relative path inside the package: no leading `/`, no `..` segment.
  outputDir: { type: 'string', minLength: 1, pattern: '^(?!/)(?!(.*/)?\\.\\.(/|$)).+$' },
};

export const emitDefaults = {
  ...resolveDefaults,
  preferences: [],
  namespace: 'default',
  outputDir: 'package-variants',
} as const;
