#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Answer } from '../answer/answer.js';
import { pageOptions } from '../commands/declaration.js';
import { findDeclaration } from '../commands/definitions.js';
import { commands, findCommand, type Command } from '../commands/index.js';
import { SEARCH } from '../config/constants.js';
import { checkCorpus, loadCorpus } from '../corpus/loadCorpus.js';
import { CorpusError, formatProblem } from '../files/problems.js';
import { renderAnswerJson } from '../render/json.js';
import { renderAnswerText } from '../render/text.js';
import { buildKnowledge, type Knowledge } from '../search/knowledge.js';
import { isCorpusModerationCommand, runCorpusModeration } from './corpusCommands.js';
import { isUsageReport, runUsageReport } from './usageCommands.js';
import {
  COMMAND_FLAG_NAMES,
  EXIT,
  MAIN_OPTIONS,
  UsageError,
  corpusDirOf,
  isUsageError,
  joinNegativeValues,
  reportUsage,
  textOptionOf,
} from './shared.js';
import { USAGE } from './usage.js';

interface CliOptions {
  json: boolean;
  corpus: string;
  /** The command flags given (`--limit 2`, `--party "New Zealand"`), by option name. */
  flags: Record<string, string>;
  stdin: boolean;
}

/** The page flags: every command accepts them, and only a pageable one uses them (scripts page any answer alike). */
const PAGE_FLAGS = new Set<string>(pageOptions(SEARCH.maxLimit).map((o) => o.name));

function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv, MAIN_OPTIONS),
    allowPositionals: true,
    strict: true,
    options: MAIN_OPTIONS,
  });
  const given = values as Record<string, string | boolean | undefined>;
  const flags = Object.fromEntries(
    COMMAND_FLAG_NAMES.flatMap((name) => (typeof given[name] === 'string' ? [[name, given[name]]] : [])),
  );
  const options: CliOptions = { json: values.json, corpus: corpusDirOf(values.corpus), flags, stdin: values.stdin };
  return { help: values.help, positionals, options };
}

/** The command's free-text option ("question", "statement"), which takes the CLI's positional text, from its declaration. */
function textOptionFor(command: Command) {
  const declaration = findDeclaration(command.name);
  return declaration ? textOptionOf(declaration) : undefined;
}

/** The command's arguments from the command line, checked by the schema its declaration gives. */
function buildOptions(command: Command, text: string | undefined, cli: CliOptions): unknown {
  const raw: Record<string, unknown> = {};
  const textOption = textOptionFor(command);
  if (text !== undefined && text !== '') {
    if (!textOption) throw new UsageError(`${command.name} takes no text`);
    raw[textOption.name] = text;
  } else if (textOption?.required) {
    raw[textOption.name] = text ?? '';
  }
  for (const [name, value] of Object.entries(cli.flags)) {
    const declared = command.definition.options?.some((o) => o.name === name);
    if (!declared && !PAGE_FLAGS.has(name)) throw new UsageError(`${command.name} takes no --${name}`);
    raw[name] = value;
  }
  const parsed = command.options.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `${i.path.join('.') || command.name}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/** A page past the last passage is bad usage, said so, rather than an empty answer. */
function checkPage(answer: Answer, options: unknown): Answer {
  const offset = (options as { offset?: number }).offset ?? 0;
  if (answer.page && offset > 0 && offset >= answer.page.total) {
    const { total } = answer.page;
    throw new UsageError(
      `--offset ${offset} is past the last passage: this answer has ${total === 0 ? 'none' : total === 1 ? '1 passage (--offset 0)' : `${total} passages (--offset 0 to ${total - 1})`}`,
    );
  }
  return answer;
}

function print(answer: Answer, cli: CliOptions): void {
  process.stdout.write(
    `${cli.json ? renderAnswerJson(answer) : renderAnswerText(answer, { color: process.stdout.isTTY === true })}\n`,
  );
}

async function load(cli: CliOptions): Promise<Knowledge> {
  return buildKnowledge(await loadCorpus(cli.corpus));
}

async function runCorpusCheck(cli: CliOptions): Promise<number> {
  const { corpus, problems, articles, refusedFiles } = await checkCorpus(cli.corpus);
  if (cli.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: problems.length === 0, problems, articles: corpus?.articles.length ?? null })}\n`,
    );
  } else if (corpus) {
    const paragraphs = corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
    process.stdout.write(
      `corpus OK: ${corpus.articles.length} articles, ${paragraphs} paragraphs, ${corpus.registry.statements.length} statements, ${corpus.registry.responses.length} responses\n`,
    );
  } else if (problems[0]?.line !== 0 || problems[0]?.file !== cli.corpus) {
    // What still loads is listed too, so one bad file does not hide the state of the rest.
    const files = `${refusedFiles} file${refusedFiles === 1 ? ' is' : 's are'} refused`;
    process.stdout.write(
      `corpus has problems: ${articles.length} article${articles.length === 1 ? '' : 's'} load, ${files} (${problems.length} problem${problems.length === 1 ? '' : 's'}, listed on stderr)\n`,
    );
  }
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  return problems.length === 0 ? EXIT.ok : EXIT.brokenCorpus;
}

async function answerLines(command: Command, cli: CliOptions): Promise<void> {
  const knowledge = await load(cli);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const options = buildOptions(command, line, cli);
      print(checkPage(command.run(knowledge, options), options), cli);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      // One bad line must not stop the batch: report it in place, in the same shape.
      if (cli.json)
        process.stdout.write(`${JSON.stringify({ command: command.name, query: line, error: error.message })}\n`);
      process.stderr.write(`line skipped: ${error.message}\n`);
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  // corpus add|remove|restore|trash|status|statement|response have options of their own.
  if (isCorpusModerationCommand(argv)) return runCorpusModeration(argv);
  // corpus gaps|stats: the question log's reports.
  if (isUsageReport(argv)) return runUsageReport(argv);
  try {
    const { help, positionals, options } = parseCli(argv);
    const [name, ...rest] = positionals;
    if (help || !name) {
      (help ? process.stdout : process.stderr).write(`${USAGE}\n`);
      return help ? EXIT.ok : EXIT.usage;
    }
    if (name === 'corpus') {
      if (rest[0] !== 'check')
        throw new UsageError(
          `unknown corpus command "${rest[0] ?? ''}" (try: corpus check, corpus add, corpus remove, corpus status, corpus gaps, corpus stats)`,
        );
      return await runCorpusCheck(options);
    }
    const command = findCommand(name);
    if (!command)
      throw new UsageError(
        `unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}, corpus check`,
      );
    if (options.stdin) {
      if (rest.length > 0) throw new UsageError('--stdin reads the text from stdin; give no text on the command line');
      if (!textOptionFor(command)) throw new UsageError(`${command.name} takes no text, so --stdin does not apply`);
      await answerLines(command, options);
      return EXIT.ok;
    }
    const runOptions = buildOptions(command, rest.length > 0 ? rest.join(' ') : undefined, options);
    print(checkPage(command.run(await load(options), runOptions), runOptions), options);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`broken corpus: ${error.message}\n`);
      return EXIT.brokenCorpus;
    }
    if (isUsageError(error)) return reportUsage(error);
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
