import type { DefaultTreeAdapterTypes, parse } from 'parse5';

type Parse = typeof parse;

/**
 * How deep a page nests its elements, up to `limit` (then `limit + 1`). Measured on parse5's tree, the
 * same parser jsdom uses (so implied end tags count as jsdom will see them), walked without recursion.
 * parse5 builds the tree in linear time; jsdom's tree and Readability's walk of it are not linear in
 * depth (a page of 5,000 nested elements takes jsdom seconds, then overflows its stack), so a page is
 * measured before either sees it.
 */
export function nestingDepth(parse: Parse, html: string, limit: number): number {
  const stack: Array<[DefaultTreeAdapterTypes.ParentNode, number]> = [[parse(html), 0]];
  let deepest = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return limit + 1;
    for (const child of node.childNodes) if ('childNodes' in child) stack.push([child, depth + 1]);
    if ('content' in node) stack.push([node.content, depth + 1]);
  }
  return deepest;
}
