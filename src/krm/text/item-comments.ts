import { isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { holdItemText } from './source-text.js';

/**
 * kpt writes an item's leading comment after the dash (`- # comment`); parsed, it lands on the
 * item, and printed from there it would go above the dash, where kpt then writes it twice.
 * Moving it onto the item's first key prints it after the dash again. Only the top-level
 * `items`: inside a resource kpt writes such comments above the dash, and moved after it they
 * would be the ones kpt doubles.
 */
export function moveItemComments(doc: Document): void {
  const items: unknown = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(items)) return;
  for (const item of items.items) {
    if (!isMap(item) || item.commentBefore == null) continue;
    const first = item.items[0]?.key;
    if (!isScalar(first)) continue;
    holdItemText(doc, item);
    first.commentBefore =
      first.commentBefore == null ? item.commentBefore : `${item.commentBefore}\n${first.commentBefore}`;
    item.commentBefore = null;
  }
}
