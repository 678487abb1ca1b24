import type { Passage } from './buildIndex.js';
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
  const whole = main.split('/').map((n) => foldText(n).trim()).filter(Boolean);
  // A word of the name that is no English word nor a word of the subject ("Kyiv", "Korea") stands for it alone.
  const own = whole.flatMap((n) => n.split(/\s+/)).filter((w) => w.length >= 3 && /^\p{L}+$/u.test(w) && !isEnglishWord(w) && !synonymWords.has(w));
  return [...new Set([...whole, ...own])];
}

const patterns = new WeakMap<Passage[], Array<{ outlet: string; pattern: RegExp }>>();

function outletPatterns(passages: Passage[]): Array<{ outlet: string; pattern: RegExp }> {
  let found = patterns.get(passages);
  if (!found) {
    const outlets = [...new Set(passages.map((p) => p.outlet))];
    found = outlets.map((outlet) => ({
      outlet,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${namesOf(outlet).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
    }));
    patterns.set(passages, found);
  }
  return found;
}

export function namedOutlets(passages: Passage[], question: string): NamedOutlets {
  // Folding keeps every character in place, so a name found in the folded text is blanked in the question itself.
  const folded = foldText(question);
  const outlets = new Set<string>();
  let rest = question;
  for (const { outlet, pattern } of outletPatterns(passages)) {
    for (const m of folded.matchAll(pattern)) {
      outlets.add(outlet);
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    }
  }
  return { outlets, rest };
}
