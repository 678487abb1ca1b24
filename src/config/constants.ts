/**
 * Every number that tunes the bot's behaviour or reflects an outside limit, in one place.
 * Discord's limits are from https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * and the interaction and component references.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  /** A link button's URL. */
  linkUrl: 512,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  optionString: 6000,
} as const;

export const SEARCH = {
  /** Passages `ask` cites unless asked for another number. */
  defaultLimit: 3,
  /** Responses `dprk-response` shows per page unless asked for another number. */
  responsesPerPage: 4,
  /** The most passages one answer may cite. */
  maxLimit: 10,
  /** Longest question accepted; longer input is cut at a word boundary before searching. */
  maxQueryLength: 500,
  /**
   * Grades (src/answer/grade.ts): the share of a question's weight (IDF-weighted concepts) a shown
   * passage must match for the answer to be `answered`; below `partialCoverage` for every shown
   * passage, nothing in the corpus shares the question's subject (`none`). Calibrated on the old
   * question sets (main, dev, fresh), never on the independently authored ones.
   */
  answeredCoverage: 0.65,
  partialCoverage: 0.3,
  /** A name is of the corpus's subject (not a passing mention) when this share of the passages or more use it. */
  topicalNameShare: 0.2,
  /** A question mostly about what the corpus never mentions (this share of its weight or more) shares no subject with it, unless a passage matches it well. */
  maxUnknownShare: 0.6,
  /** An answer may lack no concept unknown to the corpus that carries more than this share of the question's weight. */
  largestMissingShare: 0.3,
  /** How many of the concepts the closest passage lacks a `partial` lead names. */
  missingNamed: 2,
  /** In choosing the sentence a lead quotes: bonus (a share) for holding the kind of answer asked for, and for the asked party speaking. */
  leadAnswerBonus: 0.5,
  /** Score factor for a passage that does not name what "the A of B" or "how many A" asks for. */
  focusMissFactor: 0.3,
  /** Score factor for a passage where the party a "what did X say" question names does not speak. */
  speakerMissFactor: 0.5,
  /** Coverage weight of a question concept no passage has (often a paraphrase, sometimes the point). */
  unknownConceptWeight: 3,
  /**
   * Coverage weight of a figure no passage has ("in 2023", "resolution 2397"): a precise fact the
   * corpus does not hold. Smaller numbers are often counts a passage gives as a list ("eleven").
   */
  unknownFigureWeight: 8,
  /**
   * Coverage weight of a word neither the corpus nor general English knows: a name ("Sweden",
   * "Hwasong", "Donbas"), which a question asking about it is about.
   */
  unknownNameWeight: 8,
  smallestFigure: 100,
  /** Added to every concept's coverage weight, so matching the subject's common words counts too. */
  coverageFloor: 1,
  /** Share of coverage a match earns when it is only in the title or the "about" field, not the text. */
  fieldCoverage: 0.5,
  /** Field boosts: a passage's own words count most. */
  boost: { text: 1, title: 0.4, about: 0.3 },
  /** BM25 saturation and length normalisation. */
  bm25: { k1: 1.2, b: 0.5 },
  /** Bonus per pair of question concepts within this many terms of each other, divided by their distance. */
  proximityWindow: 3,
  proximityWeight: 1,
  /** Bonus per term of a quoted phrase found in order. */
  phraseWeight: 1.5,
  /** Score bonus (a share) for passages of the articles about the statement a question names. */
  namedStatementBoost: 0.5,
  /** Share of its weight a term keeps when it only names the statement a question is about. */
  namingWeight: 0.3,
  /** In a response question, score bonus for the passages where North Korea itself speaks. */
  responsePassageBoost: 0.5,
  /** Score factor for a passage holding the kind of answer asked for (a number for "how many"). */
  answerTypeBonus: 0.3,
  /** Coverage factor for a passage without the kind of answer asked for (no number for "how many"). */
  answerTypeMissFactor: 0.3,
  /** Score bonus (a share) for a passage where the party a "what did X say" question names speaks. */
  speakerBonus: 0.5,
  /** WordNet synonyms (src/search/wordnet.ts): how many of a word's most frequent senses count, and the share of a concept's weight a match through one earns. */
  wordnetSenses: 2,
  synonymFactor: 0.6,
  /** Longest line of a WordNet data file read at once, in bytes. */
  wordnetMaxLine: 16384,
  /** Words whose WordNet synonyms are kept once read (the files are read a line at a time); past this many, the kept ones are dropped. */
  wordnetKeptWords: 20000,
  /** Misspelt question words this long or longer are corrected to the nearest corpus word. */
  minTypoWordLength: 5,
  /** Shorter words that are no English word are names ("Rute"), corrected from this length, by one typo, to a name. */
  minNameTypoLength: 4,
  /** An unknown question term this long may stand for the few corpus terms it begins ("tech"). */
  minPrefixLength: 5,
  maxPrefixExpansions: 3,
  /** Unknown terms also stand for terms sharing this many first letters, differing only in their last few. */
  minSharedStem: 5,
  maxStemEndingDifference: 2,
  /** Share of a concept's weight a prefix or word-family expansion earns. */
  prefixFactor: 0.7,
  /** Question autocomplete: corpus words this long or longer complete a last word typed this long or longer. */
  suggestionMinWordLength: 3,
  suggestionMinTypedLength: 2,
  /**
   * Two-stage retrieval (src/search/firstStage.ts): how many passages, those with the highest upper
   * bounds of their score, the full scorer reads at first; it reads more until the first
   * `exactDepth` of the ranking are those scoring every passage would give.
   */
  firstStageDepth: 300,
  exactDepth: 5,
} as const;

export const STATEMENTS = {
  /** Passages read between two turns of the event loop when a statement's signing or response passages are worked out ahead (after a reload, before the swap). */
  passagesPerStep: 100,
  /** A statement is resolved when its score is at least this. */
  minScore: 0.5,
  /**
   * Inside a free question, where most words are about something else, a statement counts as named
   * only at this score: a date, an alias, or several words of its names, not one shared word.
   */
  minScoreInQuestion: 2.5,
  /** Others within this share of the best score make the text ambiguous. */
  ambiguityRatio: 0.75,
  /** Score for a date naming a statement's day (or its response's), and for naming only its month. */
  dayMatch: 3,
  monthMatch: 1,
  /** Share of its weight a word earns when it is only in the name of a response to the statement. */
  responseNameWeight: 0.5,
  /** Score for a whole alias or title of two or more words found in order ("the December statement"). */
  nameMatch: 2,
  /** Longest statement text an option takes. */
  maxTextLength: 200,
  /** Longest country or body name the who-signed `party` option takes. */
  maxPartyLength: 100,
  /** How many key phrases of a North Korean response its description quotes. */
  keyPhrases: 4,
} as const;

export const PRESENTATION = {
  /** Embed accent colour. */
  embedColor: 0x3b6ea5,
  /** An answer's embed colour by its grade (`Answer.match`), so a partial answer never looks like a full one. */
  gradeColor: { answered: 0x3b6ea5, partial: 0xc28a1e, none: 0x6b7280 },
  /** The note every surface shows beside an answer that is not `answered`. */
  gradeNote: {
    answered: null,
    partial: 'Partial match: these passages are on the subject, but none clearly answers the question.',
    none: 'No match: nothing in the corpus is about this.',
  },
  /** Longest lead in an embed, so the cited passages (the evidence) always fit beside it. */
  leadMax: 1500,
  /** Name shown in embed footers. */
  productName: 'statement-desk',
  /** What the corpus is about, as help texts name it. */
  topic: 'North Korea–Russia military cooperation',
} as const;

/** Limits on what moderators may add to the corpus (`corpus add`, `/corpus add`). */
export const IMPORT = {
  /** Largest file or fetched page accepted, in bytes; news pages with inline scripts reach ~2 MB. */
  maxBytes: 4 * 1024 * 1024,
  /** Corpus files read at once when the corpus is loaded. */
  readConcurrency: 32,
  /** Corpus files parsed between two turns of the event loop. */
  parseBatch: 25,
  /** An article longer than this many paragraphs is not one article. */
  maxParagraphs: 200,
  /** Longest paragraph accepted, in characters (the seeds' longest is under 1,000). */
  maxParagraphChars: 4000,
  /** Fewer paragraphs than this, after cleaning, is no article (a stub, a gallery, an index page). */
  minParagraphs: 2,
  /** Fewer words than this in all, after cleaning, is no article either. */
  minWords: 60,
  /**
   * Deepest nesting of elements in an HTML page read (news pages nest 10–40 deep). Readability's time
   * grows steeply with depth (2 s at 200, 10 s at 400, 90 s at 1,000) and jsdom overflows its stack
   * at a few thousand.
   */
  maxHtmlDepth: 256,
  /** Longest an upload may take to be read (in the reader's worker thread) before it is refused. */
  readTimeoutMs: 30_000,
  /** Longest generated article id, in characters (cut at a word boundary). */
  maxIdLength: 60,
  /** How many paragraphs a preview shows, and how much of each. */
  previewParagraphs: 3,
  previewParagraphChars: 300,
  /** A preview waiting for Confirm expires after this long (Discord buttons outlive their token). */
  pendingTtlMs: 30 * 60_000,
  /** Temporary files older than this in the corpus are leftovers of a crash and are swept. */
  staleTempMs: 10 * 60_000,
  /** How long a write waits for another process's lock on the corpus before refusing. */
  lockWaitMs: 10_000,
  /** A lock held longer than this by a process that cannot be found is stale. */
  staleLockMs: 60_000,
  /** A claim on a stale lock (held for one read and one unlink) older than this was left by a crash. */
  staleClaimMs: 5_000,
} as const;

/** Fetching an article from a URL. */
export const FETCH = {
  /** Whole request, redirects included. */
  timeoutMs: 10_000,
  maxRedirects: 5,
  /** Content types accepted (parameters such as charset are allowed). */
  contentTypes: ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'],
  userAgent: 'statement-desk/0.1 (moderated corpus import)',
} as const;

/** The question log (the answer records, votes, gaps and stats) and its database. */
export const USAGE = {
  /** The database file in DATA_DIR. */
  databaseFile: 'statement-desk.sqlite',
  /** The per-install key people's Discord ids are hashed with, in DATA_DIR (never in the database). */
  userKeyFile: 'user-key',
  /** Records older than this many days are purged (RETENTION_DAYS). */
  defaultRetentionDays: 90,
  maxRetentionDays: 3650,
  /** Answers written per turn of the event loop (a burst is written over several turns, never holding the loop long). */
  writesPerTurn: 10,
  /** How often the worker thread checkpoints the WAL into the database file. */
  checkpointEveryMs: 10_000,
  /** How often the purge runs while the bot is up (it also runs at start-up). */
  purgeEveryMs: 60 * 60_000,
  /** While the database is locked by another process, writes wait in memory and are retried this often… */
  busyRetryMs: 1000,
  /** …up to this many answers; beyond, the oldest are dropped (the bot never waits for the database). */
  maxPending: 1000,
  /** The period `corpus gaps` and `corpus stats` cover unless told (--days, days:). */
  defaultReportDays: 30,
  maxReportDays: 3650,
  /** Question groups per page of `/corpus gaps`, and in the CLI's text output. */
  gapsPerPage: 5,
  gapsInText: 20,
  /** Passages listed per question group, and in the "most cited" list. */
  passagesPerGap: 3,
  mostCited: 10,
} as const;

/**
 * Limits on the YAML of corpus files, checked before (or while) parsing, so a hostile file costs
 * linear time and is refused with its line instead of stalling or crashing the parser (yaml's
 * composer recurses per nesting level and checks duplicate keys pairwise).
 */
export interface YamlLimits {
  /** Longest text parsed, in characters. */
  maxChars: number;
  /** Keys in one mapping. */
  maxKeys: number;
  maxKeyLength: number;
  /** Longest scalar value, in characters. */
  maxValueLength: number;
  /** Deepest nesting of collections (an upper estimate before parsing, the exact depth after). */
  maxDepth: number;
  /** Aliases (`*name`) in the text. */
  maxAliases: number;
  /** yaml's maxAliasCount: how many nodes the aliases may expand to in all (alias bombs). */
  maxAliasExpansion: number;
}

export const YAML_LIMITS = {
  /** An article's front matter: eight fields, a few lines. */
  frontMatter: {
    maxChars: 16 * 1024,
    maxKeys: 32,
    maxKeyLength: 64,
    maxValueLength: 4000,
    maxDepth: 8,
    maxAliases: 16,
    maxAliasExpansion: 100,
  },
  /** statements.yaml: a few keys per entry, thousands of entries at most. */
  registry: {
    maxChars: 1024 * 1024,
    maxKeys: 32,
    maxKeyLength: 64,
    maxValueLength: 4000,
    maxDepth: 10,
    maxAliases: 64,
    maxAliasExpansion: 1000,
  },
  /** data/*.yaml and question sets: shipped with the code, trusted; bounded only against accidents. */
  trusted: {
    maxChars: 16 * 1024 * 1024,
    maxKeys: 100_000,
    maxKeyLength: 1000,
    maxValueLength: 100_000,
    maxDepth: 32,
    maxAliases: 10_000,
    maxAliasExpansion: 100_000,
  },
} as const satisfies Record<string, YamlLimits>;

/** Where the bot's own HTTP endpoints listen when PORT, HOST and METRICS_HOST are not set. */
export const LISTEN = {
  /** The interactions endpoint faces Discord (through a load balancer): every interface. */
  interactionsHost: '0.0.0.0',
  interactionsPort: 8080,
  /** The metrics tell who uses the bot how much: for the operator's scraper only. */
  metricsHost: '127.0.0.1',
} as const;

/** The HTTP interactions endpoint (INTERACTIONS=http) and replicas sharing one corpus. */
export const HTTP_INTERACTIONS = {
  /** Discord's interactions are small JSON; anything larger is refused before it is read whole. */
  maxBodyBytes: 256 * 1024,
  /** A signature older (or further ahead) than this is refused: a replayed request. */
  maxSignatureAgeS: 300,
  /** How long one request may take, body and answer together, before the connection is dropped. */
  requestTimeoutMs: 10_000,
  /** Discord's deadline for the first response is 3 s; an answer not under way by then is dropped. */
  firstResponseDeadlineMs: 2_900,
  /** How long `/corpus reload` waits for the corpus lock to tell the other processes (its own reload is done by then). */
  announceLockWaitMs: 2_000,
  /** How often each process checks the corpus generation stamp when fs.watch says nothing (network file systems). */
  generationPollMs: 1_000,
} as const;

/** Building the index while the bot answers. */
export const INDEX_BUILD = {
  /**
   * A corpus of at most this many articles is built on the main thread (tens of milliseconds: less
   * than starting a worker thread); a larger one in a worker thread, so no interaction waits for it.
   */
  inlineArticles: 40,
  /** Worker threads that analyse a large corpus in parallel, at most (and no more than the machine's cores). */
  maxThreads: 2,
  /** A thread of its own is worth starting for this many articles at least. */
  minArticlesPerThread: 200,
  /** Assembling an index on the main thread gives the event loop a turn after this many milliseconds of work. */
  yieldSliceMs: 8,
  /** The index snapshot's file name in DATA_DIR (INDEX_SNAPSHOT=off: none). */
  snapshotFile: 'index-snapshot.bin',
} as const;
