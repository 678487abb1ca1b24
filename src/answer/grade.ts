import { SEARCH } from '../config/constants.js';
import type { QueryConcept } from '../search/queryAnalysis.js';
import type { PassageHit } from '../search/searchPassages.js';
import type { Match } from './answer.js';

/** Whether a concept no passage has is what the question is about: a name or a precise figure it asks after. */
const isDecisive = (concept: QueryConcept) => !concept.known && (concept.name === true || concept.figure === true);

/**
 * Whether one passage answers the question: enough of it, the kind of answer asked for, the speaker
 * asked about, and nothing the question is mostly about that the corpus lacks (a name, a figure, a
 * weighty word).
 */
export function answers(hit: PassageHit): boolean {
  return (
    hit.coverage >= SEARCH.answeredCoverage &&
    hit.holdsAnswer !== false &&
    hit.speaks !== false &&
    hit.namesFocus &&
    !hit.missing.some(isDecisive) &&
    hit.largestMissing <= SEARCH.largestMissingShare
  );
}

/**
 * Whether a passage shares the question's subject: enough of its weight and, unless most of it,
 * more than a place or a person ("the population of Japan" shares only "Japan" with the corpus).
 */
function sharesSubject(hit: PassageHit): boolean {
  if (hit.coverage >= SEARCH.answeredCoverage) return true;
  return hit.coverage >= SEARCH.partialCoverage && hit.matchesContent && hit.unknownShare < SEARCH.maxUnknownShare;
}

/**
 * How well the passages shown answer: `answered` when one of them does, `partial` when they share
 * the question's subject but none answers it, `none` when nothing shares enough of it (or nothing
 * matched at all).
 */
export function gradeHits(shown: PassageHit[]): Match {
  if (!shown.some(sharesSubject)) return 'none';
  return shown.some(answers) ? 'answered' : 'partial';
}

/**
 * What the closest passage lacks, in the user's words, for a `partial` lead: the weightiest concepts
 * it does not mention, the kind of answer asked for, or the speaker.
 */
export function whatIsMissing(hit: PassageHit, speaker: string | null): string {
  const missing = hit.missing.slice(0, SEARCH.missingNamed).map((c) => `“${c.surface}”`);
  if (missing.length > 0) return `none mentions ${missing.join(' or ')}`;
  if (hit.holdsAnswer === false) return 'none gives the figure or date asked for';
  if (hit.speaks === false) return `none has ${speaker ?? 'the party asked about'} say it`;
  if (!hit.namesFocus) return 'none names what is asked for';
  return 'none covers enough of it';
}
