/**
 * What the scale bench measures of each search system. Every system runs in a process of its own
 * (see systemChild.ts), so its memory is its own.
 */
import type { PeerEngine } from './peerSystem.js';

export interface ScaleSystem {
  readonly name: string;
  /** What writing the snapshot involves: serialising the built index, or a whole open (load, build, write). */
  readonly writesBy: 'serialising' | 'opening';
  /** Reads (and, where the system does, validates) the corpus in `dir`. */
  load(dir: string): Promise<void>;
  /** Builds the index from what `load` read. */
  build(): Promise<void>;
  /** Answers one question, as the system's users would be answered. */
  ask(question: string): void;
  /** Re-reads the corpus and builds a new index, the current one answering until it is swapped in. */
  reload(): Promise<void>;
  /** Adds one article (its file already written into the corpus folder), or says it cannot. */
  addArticle(file: string): Promise<'added' | 'unsupported'>;
  /**
   * Writes a snapshot of the built index to `file`, or says there is none to write. For the bot this
   * is a whole first start-up (the store writes its snapshot when it builds); `writesBy` says which.
   */
  writeSnapshot(file: string): Promise<'written' | 'unsupported'>;
  /** In a fresh process: gets ready to answer, from `snapshotFile` when the system has snapshots, else by building. */
  start(dir: string, snapshotFile: string): Promise<StartedFrom>;
}

export type StartedFrom = 'snapshot' | 'full build';

/** The systems by name, each imported only in the process that measures it. */
export const SYSTEMS = {
  bot: () => import('./botSystem.js').then((m) => new m.BotSystem()),
  minisearch: () => peer(import('./miniSearchSystem.js').then((m) => m.miniSearchEngine)),
  flexsearch: () => peer(import('./flexSearchSystem.js').then((m) => m.flexSearchEngine)),
} satisfies Record<string, () => Promise<ScaleSystem>>;

async function peer(engine: Promise<PeerEngine>): Promise<ScaleSystem> {
  const { PeerSystem } = await import('./peerSystem.js');
  return new PeerSystem(await engine);
}

export type SystemName = keyof typeof SYSTEMS;
export const SYSTEM_NAMES = Object.keys(SYSTEMS) as SystemName[];
