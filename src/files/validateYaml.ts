import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import type { z } from 'zod';
import type { CorpusProblem } from './problems.js';

/**
 * Parses YAML and validates it with a zod schema, reporting every problem with the line it is on.
 * `firstLine` is the line the YAML starts at in its file (front matter starts at line 2).
 */
export function validateYaml<T extends z.ZodType>(
  text: string,
  schema: T,
  file: string,
  firstLine = 1,
): { value: z.infer<T> } | { problems: CorpusProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({ file, line: lineAt(e.pos[0]), message: `invalid YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data };
  return {
    problems: result.error.issues.flatMap((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      // An unknown key is reported at its own line, one problem per key.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          file,
          line: lineOf([...path, key]),
          message: `${[...path, key].join('.')}: unknown field`,
        }));
      }
      const what = /received undefined/.test(issue.message) ? 'required field is missing' : issue.message;
      return [{ file, line: lineOf(path), message: `${path.length > 0 ? `${path.join('.')}: ` : ''}${what}` }];
    }),
  };

  /** The line of the value at `path`, or of the nearest parent that exists (for a missing key). */
  function lineOf(path: Array<string | number>): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
      // A key whose value is empty has no node of its own: find the key in its parent map.
      const parent = depth === 0 ? null : depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[depth - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lineAt(pair.key.range[0]);
      }
    }
    return firstLine;
  }
}
