/** A problem in a corpus file, located precisely enough for a moderator to fix it. */
export interface CorpusProblem {
  file: string;
  /** 1-based; 0 when the problem is with the whole file or folder, not a line of it. */
  line: number;
  message: string;
}

export function formatProblem(p: CorpusProblem): string {
  return `${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`;
}

/** Thrown when the corpus cannot be served; carries every problem found, not just the first. */
export class CorpusError extends Error {
  constructor(readonly problems: CorpusProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0]!)
        : `${problems.length} problems in the corpus; first: ${formatProblem(problems[0]!)}`,
    );
    this.name = 'CorpusError';
  }
}
