// Not after initials such as "U.S." or titles such as "Mr.".
const SENTENCE_BREAK = /(?<=[.!?]["”’]?)(?<!\b[A-Z]\.(?:[A-Z]\.)?|\b(?:Mr|Ms|Mrs|Dr|St|No)\.)\s+(?=["“‘]?[A-Z])/gu;

/** Splits prose into sentences, keeping quotations together well enough for cue matching. */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_BREAK).filter((s) => s.trim().length > 0);
}

/** The offset where each sentence after the first begins, in order. */
export function sentenceStarts(text: string): number[] {
  return [...text.matchAll(SENTENCE_BREAK)].map((m) => m.index + m[0].length);
}
