import { PRESENTATION } from '../config/constants.js';
import { declarations } from '../commands/definitions.js';

/** The page size of each pageable command: "ask: 3; dprk-response: 4". */
const pageSizes = declarations
  .flatMap((d) => ('pageable' in d && d.pageable ? [`${d.definition.name}: ${d.pageSize}`] : []))
  .join('; ');

export const USAGE = `statement-desk: cited answers about the joint statements on ${PRESENTATION.topic}.

Usage: npm run cli -- <command> [text] [options]

Commands:
${declarations.map((d) => `  ${d.definition.name.padEnd(15)}${d.summary}`).join('\n')}
  corpus check   Validate every corpus file and report all problems at once

Corpus moderation (for server operators; a running bot picks changes up on /corpus reload):
  corpus add <file-or-url> [--title T] [--outlet O] [--published YYYY-MM-DD] [--url U]
             [--statement ID]... [--id ID] [--dry-run]
                 Add an article from a .md (corpus format), .txt or .html file, or an http(s) URL;
                 prints its id, title and paragraph count. --dry-run previews and writes nothing
  corpus remove <id>             Move an article to corpus/.trash/
  corpus restore <id>            Bring back the latest removed copy of an article
  corpus trash                   List removed articles
  corpus status                  Articles, paragraphs, statements, last change, index build time
  corpus statement add --id ID --title T --date YYYY-MM-DD --issued-by WHO [--alias A]... [--date-note N]
  corpus response add --id ID --responds-to STATEMENT --title T --date YYYY-MM-DD --issued-by WHO
                      --channel C [--alias A]... [--date-note N]

Question log (what the bot was asked, read from $DATA_DIR, default ./var):
  corpus gaps [--days N]         The questions answered "none" or "partial", or voted down, most often
                                 first, rewordings together, with the passages they got (default 30 days)
  corpus stats [--days N]        Answers per day, the share of each grade, votes, the passages cited
                                 most, the commands by latency

Options:
  --json          Print one JSON object on stdout (logs go to stderr)
  --corpus DIR    Corpus folder (default: $CORPUS_DIR, else ./corpus)
  --limit N       How many passages to cite (${pageSizes})
  --offset N      Skip the first N passages (paging; an offset past the last passage is bad usage)
  --party P       who-signed only: did this country or body sign? (the statement text may be left out)
  --stdin         ask only: read one question per line, answer each (one JSON line each with --json)
  --help          Show this help

Examples:
  npm run cli -- ask "How many North Korean troops were sent to Russia?"
  npm run cli -- who-signed "the December statement"
  npm run cli -- who-signed "the May statement" --party "New Zealand"
  npm run cli -- dprk-response "NATO declaration" --json
  echo "who signed the May statement" | npm run --silent cli -- ask --json --stdin

Exit status: 0 answered (also "nothing found"), 1 broken corpus (or an unreadable question log), 2 bad usage.
Corpus moderation: 0 written (or previewed), 1 refused (reason on stderr, nothing written), 2 bad usage.`;
