import type { PassageIndex } from './buildIndex.js';
import { escapeRegExp } from './regex.js';
import { foldText, isEnglishWord, synonymWords } from './textProcessing.js';

/**
 * "What did DW report about …", "according to Ukrinform, …": the outlets a question names, by the
 * whole name ("Kyiv Post", "DW") or a word of it no other text would use ("JoongAng"). The name is
 * where the answer must come from, not words the passage should hold.
 */
export interface NamedOutlets {
  /** The outlets named, as the articles spell them. */
  outlets: Set<string>;
  /** The question with the names blanked out. */
  rest: string;
}

/** The names one outlet field gives ("New Europe / NE Global", "DW (with AFP, Reuters)"), folded. */
function namesOf(outlet: string): string[] {
  const main = outlet.replace(/\([^)]*\)/g, ' ');
  const whole = main
    .split('/')
    .map((n) => foldText(n).trim())
    .filter(Boolean);
  // A word of the name that is no English word nor a word of the subject ("Kyiv", "Korea") stands for it alone.
  const own = whole
    .flatMap((n) => n.split(/\s+/))
    .filter((w) => w.length >= 3 && /^\p{L}+$/u.test(w) && !isEnglishWord(w) && !synonymWords.has(w));
  return [...new Set([...whole, ...own])];
}

/** Each index's outlet patterns, made on the first question it is asked. */
const patterns = new WeakMap<PassageIndex, Array<{ outlet: string; pattern: RegExp }>>();

function outletPatterns(index: PassageIndex): Array<{ outlet: string; pattern: RegExp }> {
  let found = patterns.get(index);
  if (!found) {
    const outlets = [...new Set(index.ordered.map((p) => p.outlet))];
    found = outlets.map((outlet) => ({
      outlet,
      pattern: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${namesOf(outlet).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
        'gu',
      ),
    }));
    patterns.set(index, found);
  }
  return found;
}

export function namedOutlets(index: PassageIndex, question: string): NamedOutlets {
  // Folding keeps every character in place, so a name found in the folded text is blanked in the question itself.
  const folded = foldText(question);
  const outlets = new Set<string>();
  let rest = question;
  for (const { outlet, pattern } of outletPatterns(index)) {
    for (const m of folded.matchAll(pattern)) {
      outlets.add(outlet);
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    }
  }
  return { outlets, rest };
}
