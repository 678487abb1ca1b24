import { LineCounter, parseDocument, isNode } from 'yaml';
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
    problems: result.error.issues.map((issue) => {
      // Point at the offending value, or at the nearest parent that exists (for a missing key).
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let line = firstLine;
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) {
          line = lineAt(node.range[0]);
          break;
        }
      }
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      return { file, line, message: `${where}${issue.message}` };
    }),
  };
}
