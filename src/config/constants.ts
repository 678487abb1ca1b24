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
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  optionString: 6000,
} as const;

export const SEARCH = {
  /** Passages `ask` cites unless asked for another number. */
  defaultLimit: 3,
  /** The most passages one answer may cite. */
  maxLimit: 10,
  /** Longest question accepted; longer input is cut at a word boundary before searching. */
  maxQueryLength: 500,
  /**
   * Share of a question's weight (IDF-weighted terms) a passage must match to count as relevant.
   * Below it, `ask` says nothing in the corpus answers. Calibrated with `npm run eval`.
   */
  minCoverage: 0.5,
  /** Fuzzy matching: edit distance as a share of term length, only for terms this long or longer. */
  fuzzy: 0.2,
  fuzzyMinLength: 5,
  /** Field boosts: a passage's own words count most. */
  boost: { text: 1, title: 0.4, about: 0.3 },
} as const;

export const STATEMENTS = {
  /** A statement is resolved when its score is at least this. */
  minScore: 0.5,
  /** Others within this share of the best score make the text ambiguous. */
  ambiguityRatio: 0.75,
} as const;

export const PRESENTATION = {
  /** Embed accent colour. */
  embedColor: 0x3b6ea5,
  /** Longest lead in an embed, so the cited passages (the evidence) always fit beside it. */
  leadMax: 1500,
  /** Name shown in embed footers. */
  productName: 'statement-desk',
} as const;

/** Limits on what moderators may add to the corpus (`corpus add`, `/corpus add`). */
export const IMPORT = {
  /** Largest file or fetched page accepted, in bytes; news pages with inline scripts reach ~2 MB. */
  maxBytes: 4 * 1024 * 1024,
  /** An article longer than this many paragraphs is not one article. */
  maxParagraphs: 200,
  /** Longest paragraph accepted, in characters (the seeds' longest is under 1,000). */
  maxParagraphChars: 4000,
  /** Fewer paragraphs than this, after cleaning, is no article (a stub, a gallery, an index page). */
  minParagraphs: 2,
  /** Fewer words than this in all, after cleaning, is no article either. */
  minWords: 60,
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
