import { commands } from '../commands/index.js';

export const USAGE = `statement-desk: cited answers about the joint statements on North Korea–Russia military cooperation.

Usage: npm run cli -- <command> [text] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(15)}${c.summary}`).join('\n')}
  corpus check   Validate every corpus file and report all problems at once

Options:
  --json          Print one JSON object on stdout (logs go to stderr)
  --corpus DIR    Corpus folder (default: $CORPUS_DIR, else ./corpus)
  --limit N       How many passages to cite (ask: 3; dprk-response: 4)
  --offset N      Skip the first N passages (paging)
  --stdin         ask only: read one question per line, answer each (one JSON line each with --json)
  --help          Show this help

Examples:
  npm run cli -- ask "How many North Korean troops were sent to Russia?"
  npm run cli -- who-signed "the December statement"
  npm run cli -- dprk-response "NATO declaration" --json
  echo "who signed the May statement" | npm run --silent cli -- ask --json --stdin

Exit status: 0 answered (also "nothing found"), 1 broken corpus, 2 bad usage.`;
