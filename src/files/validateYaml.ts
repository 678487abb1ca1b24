import {
  Lexer,
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
} from 'yaml';
import type { z } from 'zod';
import { YAML_LIMITS, type YamlLimits } from '../config/constants.js';
import type { CorpusProblem } from './problems.js';

export type YamlResult<T> = { value: T } | { problems: CorpusProblem[]; raw?: unknown };

/**
 * Parses YAML and validates it with a zod schema, reporting every problem with the line it is on.
 * `firstLine` is the line the YAML starts at in its file (front matter starts at line 2).
 *
 * Linear in the text: the limits are checked on the tokens before the document is composed (yaml's
 * composer recurses per nesting level and would exhaust the stack or the heap on a few KB of `[[[…`),
 * duplicate keys are found with a set (yaml's own check compares every pair), and every node's line
 * is recorded in one walk, so no problem searches the document for its line. When the document
 * parses but fails the schema, `raw` is what it parsed to, for checks that need no valid file.
 */
export function validateYaml<T extends z.ZodType>(
  text: string,
  schema: T,
  file: string,
  firstLine = 1,
  limits: YamlLimits = YAML_LIMITS.trusted,
): YamlResult<z.infer<T>> {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number) => Math.max(lineCounter.linePos(offset).line, 1) + firstLine - 1;
  const problem = (line: number, message: string): CorpusProblem => ({ file, line, message });

  if (text.length > limits.maxChars) {
    return {
      problems: [
        problem(firstLine, `${describeSize(text.length)} of YAML; the limit is ${describeSize(limits.maxChars)}`),
      ],
    };
  }
  const scanned = scanTokens(text, limits);
  if (scanned) return { problems: [problem(scanned.line + firstLine - 1, scanned.message)] };

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    return { problems: [problem(firstLine, `invalid YAML: ${firstLineOf(error)}`)] };
  }
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => problem(lineAt(e.pos[0]), `invalid YAML: ${e.message.split('\n')[0]}`)) };
  }

  const walked = walk(doc, limits, lineAt);
  if (walked.problems.length > 0) return { problems: walked.problems.map((p) => problem(p.line, p.message)) };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: limits.maxAliasExpansion });
  } catch (error) {
    // An alias bomb (yaml counts the expansion), or an alias the walk could not tell was unresolvable.
    return { problems: [problem(walked.firstAliasLine ?? firstLine, `invalid YAML: ${firstLineOf(error)}`)] };
  }

  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data };
  const lineOf = (path: ReadonlyArray<PropertyKey>): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const line = walked.lines.get(pathKey(path.slice(0, depth)));
      if (line !== undefined) return line;
    }
    return firstLine;
  };
  return {
    raw,
    problems: result.error.issues.flatMap((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      // An unknown key is reported at its own line, one problem per key.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => problem(lineOf([...path, key]), `${[...path, key].join('.')}: unknown field`));
      }
      const what = /received undefined/.test(issue.message) ? 'required field is missing' : issue.message;
      return [problem(lineOf(path), `${path.length > 0 ? `${path.join('.')}: ` : ''}${what}`)];
    }),
  };
}

function pathKey(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('\u0000');
}

function describeSize(chars: number): string {
  return chars >= 1024 * 1024
    ? `${(chars / 1024 / 1024).toFixed(1)} MB`
    : chars >= 1024
      ? `${Math.ceil(chars / 1024)} KB`
      : `${chars} characters`;
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** yaml's lexer marks (document start, flow end, scalar start) take no room in the text. */
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * One pass over the lexer's tokens, before anything is composed: the nesting depth (an upper
 * estimate: indentation levels, plus the block indicators on a line, plus open flow brackets) and
 * the number of aliases. Returns the first limit broken, with its 1-based line in `text`.
 */
function scanTokens(text: string, limits: YamlLimits): { line: number; message: string } | null {
  let line = 1;
  let lineStarted = false;
  let indent = 0;
  let flowDepth = 0;
  let indicators = 0;
  let aliases = 0;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(token)) continue;
    if (token === '\n' || token === '\r\n') {
      line++;
      lineStarted = false;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (!lineStarted && /^[ \t]+$/.test(token)) {
      indent = token.length;
      continue;
    }
    if (token.startsWith('#')) continue;
    if (!lineStarted) {
      lineStarted = true;
      if (flowDepth === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (token === '[' || token === '{') flowDepth++;
    else if (token === ']' || token === '}') flowDepth = Math.max(0, flowDepth - 1);
    else if (flowDepth === 0 && (token === '-' || token === '?' || token === ':')) indicators++;
    else if (token.startsWith('*')) aliases++;
    if (indents.length + indicators + flowDepth > limits.maxDepth + 2) {
      return { line, message: `nested too deeply: more than ${limits.maxDepth} levels` };
    }
    if (aliases > limits.maxAliases) return { line, message: `too many aliases: more than ${limits.maxAliases}` };
    // A multi-line scalar is one token.
    for (let at = token.indexOf('\n'); at >= 0; at = token.indexOf('\n', at + 1)) line++;
  }
  return null;
}

interface Walked {
  /** The line of every node, by its path (pathKey). */
  lines: Map<string, number>;
  problems: Array<{ line: number; message: string }>;
  firstAliasLine: number | null;
}

/**
 * Every node once, in document order (no recursion, no alias followed): each node's line by path,
 * and what the schema cannot see: keys per mapping, duplicate and non-scalar keys, key and value
 * lengths, nesting depth, and aliases whose anchor does not come before them.
 */
function walk(doc: Document.Parsed, limits: YamlLimits, lineAt: (offset: number) => number): Walked {
  const lines = new Map<string, number>();
  const problems: Walked['problems'] = [];
  const anchors = new Set<string>();
  let firstAliasLine: number | null = null;
  const MAX_PROBLEMS = 50;

  const stack: Array<{ node: unknown; path: Array<string | number>; depth: number; fallbackLine: number }> = [
    { node: doc.contents, path: [], depth: 0, fallbackLine: lineAt(0) },
  ];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { node, path, depth, fallbackLine } = stack.pop()!;
    const line = isNode(node) && node.range ? lineAt(node.range[0]) : fallbackLine;
    lines.set(pathKey(path), line);
    if (!isNode(node)) continue;
    if (node.anchor) anchors.add(node.anchor);
    if (isAlias(node)) {
      firstAliasLine ??= line;
      if (!anchors.has(node.source))
        problems.push({
          line,
          message: `invalid YAML: the alias *${node.source} has no anchor &${node.source} before it`,
        });
      continue;
    }
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.length > limits.maxValueLength) {
        problems.push({
          line,
          message: `${path.join('.') || 'value'}: ${node.value.length} characters; the limit is ${limits.maxValueLength}`,
        });
      }
      continue;
    }
    if (depth >= limits.maxDepth) {
      problems.push({ line, message: `nested too deeply: more than ${limits.maxDepth} levels` });
      continue;
    }
    const children: typeof stack = [];
    if (isMap(node)) {
      if (node.items.length > limits.maxKeys) {
        problems.push({
          line,
          message: `${path.join('.') || 'the mapping'} has ${node.items.length} keys; the limit is ${limits.maxKeys}`,
        });
        continue;
      }
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyLine = isNode(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : line;
        if (isNode(pair.key) && pair.key.anchor) anchors.add(pair.key.anchor);
        if (!isScalar(pair.key) || (typeof pair.key.value !== 'string' && typeof pair.key.value !== 'number')) {
          problems.push({ line: keyLine, message: 'invalid YAML: a key must be a plain word' });
          continue;
        }
        const key = String(pair.key.value);
        if (key.length > limits.maxKeyLength) {
          problems.push({
            line: keyLine,
            message: `a key of ${key.length} characters; the limit is ${limits.maxKeyLength}`,
          });
          continue;
        }
        if (seen.has(key))
          problems.push({ line: keyLine, message: `invalid YAML: Map keys must be unique ("${key}" is repeated)` });
        seen.add(key);
        children.push({ node: pair.value, path: [...path, key], depth: depth + 1, fallbackLine: keyLine });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) =>
        children.push({ node: item, path: [...path, i], depth: depth + 1, fallbackLine: line }),
      );
    }
    // Pushed in reverse, so they are visited in document order (anchors before their aliases).
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return { lines, problems, firstAliasLine };
}
