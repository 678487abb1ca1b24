import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';
import { longestFirst } from '../search/regex.js';

const schema = z.strictObject({
  statementWords: z.array(z.string()),
  issuingCues: z.array(z.string()),
  signingFrames: z.array(z.string()),
});

/** The cues of data/extraction.yaml, loaded once. */
export const extractionRules = loadDataFile('extraction.yaml', schema);

/** A case-insensitive whole-word pattern for any of the phrases, longest first. Not global, so it keeps no state. */
export function phrasePattern(phrases: string[], flags = 'iu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${longestFirst(phrases)})(?![\\p{L}\\p{N}])`, flags);
}

/** Every match of a pattern, without touching the pattern's own state. */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  let global = globalCopies.get(pattern);
  if (!global)
    globalCopies.set(
      pattern,
      (global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)),
    );
  return [...text.matchAll(global)];
}

/** A global copy of each pattern `allMatches` was given, used only through matchAll (which leaves its lastIndex alone). */
const globalCopies = new WeakMap<RegExp, RegExp>();
