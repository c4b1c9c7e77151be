import type { Scalar, ScalarTag, Tags, ToStringOptions } from 'yaml';
import { keepUnchanged } from './source-text.js';

/**
 * The options every ResourceList document (and every item parsed on its own) is read and
 * printed with, so that an item prints the same whichever way it was parsed.
 */

/**
 * The core schema's plain scalar tags (null, bool, int, float), changed to print a scalar as
 * its source text while its value is still what that text means: `010`, `0x1F`, `1e3`, `~`
 * and `True` print back as written instead of as `10`, `0x1f`, `1000`, `null` and `true`.
 */
function keepScalarSource(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || tag.test === undefined) return tag;
    const { resolve, stringify } = tag as ScalarTag;
    if (stringify === undefined) return tag;
    const keeping: ScalarTag = {
      ...(tag as ScalarTag),
      stringify(item, ctx, onComment, onChompKeep) {
        const { source, value } = item as Scalar;
        if (
          typeof source === 'string' &&
          Object.is(
            resolve(source, () => undefined, {}),
            value,
          )
        )
          return source;
        return stringify(item, ctx, onComment, onChompKeep);
      },
    };
    return keeping;
  });
}

/** Parse options: duplicate keys kept (kpt passes them), unchanged text printed from source. */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: false,
  customTags: (tags: Tags): Tags => keepUnchanged(keepScalarSource(tags)),
} as const;

/** Block style, no line folding, sequences not indented: as kpt writes a ResourceList. */
export const PRINT_OPTIONS: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false, indentSeq: false };
