#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import { commands, findCommand, type Command } from '../commands/index.js';
import { checkCorpus, loadCorpus } from '../corpus/loadCorpus.js';
import { CorpusError, formatProblem } from '../files/problems.js';
import { renderAnswerJson } from '../render/json.js';
import { renderAnswerText } from '../render/text.js';
import { buildKnowledge, type Knowledge } from '../search/knowledge.js';
import { isCorpusModerationCommand, runCorpusModeration } from './corpusCommands.js';
import { isUsageReport, runUsageReport } from './usageCommands.js';
import { EXIT, MAIN_OPTIONS, UsageError, corpusDirOf, isUsageError, reportUsage } from './shared.js';
import { USAGE } from './usage.js';

interface CliOptions {
  json: boolean;
  corpus: string;
  limit?: string;
  offset?: string;
  party?: string;
  stdin: boolean;
}

function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: MAIN_OPTIONS,
  });
  const options: CliOptions = {
    json: values.json,
    corpus: corpusDirOf(values.corpus),
    stdin: values.stdin,
    ...(values.limit !== undefined ? { limit: values.limit } : {}),
    ...(values.offset !== undefined ? { offset: values.offset } : {}),
    ...(values.party !== undefined ? { party: values.party } : {}),
  };
  return { help: values.help, positionals, options };
}

/** The command's free-text option ("question", "statement"), which takes the CLI's positional text. */
function textOptionOf(command: Command): string | undefined {
  return command.definition.options?.find((o) => o.type === ApplicationCommandOptionType.String)?.name;
}

function buildOptions(command: Command, text: string | undefined, cli: CliOptions): unknown {
  const raw: Record<string, unknown> = {};
  const textOption = textOptionOf(command);
  if (text !== undefined && text !== '') {
    if (!textOption) throw new UsageError(`${command.name} takes no text`);
    raw[textOption] = text;
  } else if (textOption && command.definition.options?.find((o) => o.name === textOption)?.required) {
    raw[textOption] = text ?? '';
  }
  if (cli.limit !== undefined) raw.limit = cli.limit;
  if (cli.offset !== undefined) raw.offset = cli.offset;
  if (cli.party !== undefined) {
    if (!command.definition.options?.some((o) => o.name === 'party')) throw new UsageError(`${command.name} takes no --party`);
    raw.party = cli.party;
  }
  const parsed = (command.options as z.ZodType).safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || command.name}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

function print(answer: Answer, cli: CliOptions): void {
  process.stdout.write(`${cli.json ? renderAnswerJson(answer) : renderAnswerText(answer, { color: process.stdout.isTTY === true })}\n`);
}

async function load(cli: CliOptions): Promise<Knowledge> {
  return buildKnowledge(await loadCorpus(cli.corpus));
}

async function runCorpusCheck(cli: CliOptions): Promise<number> {
  const { corpus, problems, articles, refusedFiles } = await checkCorpus(cli.corpus);
  if (cli.json) {
    process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems, articles: corpus?.articles.length ?? null })}\n`);
  } else if (corpus) {
    const paragraphs = corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
    process.stdout.write(`corpus OK: ${corpus.articles.length} articles, ${paragraphs} paragraphs, ${corpus.registry.statements.length} statements, ${corpus.registry.responses.length} responses\n`);
  } else {
    // What still loads is listed too, so one bad file does not hide the state of the rest.
    const files = `${refusedFiles} file${refusedFiles === 1 ? ' is' : 's are'} refused`;
    process.stdout.write(`corpus has problems: ${articles.length} article${articles.length === 1 ? '' : 's'} load, ${files} (${problems.length} problem${problems.length === 1 ? '' : 's'}, listed on stderr)\n`);
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
      print(command.run(knowledge, buildOptions(command, line, cli)), cli);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      // One bad line must not stop the batch: report it in place, in the same shape.
      if (cli.json) process.stdout.write(`${JSON.stringify({ command: command.name, query: line, error: error.message })}\n`);
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
      if (rest[0] !== 'check') throw new UsageError(`unknown corpus command "${rest[0] ?? ''}" (try: corpus check, corpus add, corpus remove, corpus status, corpus gaps, corpus stats)`);
      return await runCorpusCheck(options);
    }
    const command = findCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}, corpus check`);
    if (options.stdin) {
      if (rest.length > 0) throw new UsageError('--stdin reads the text from stdin; give no text on the command line');
      if (!textOptionOf(command)) throw new UsageError(`${command.name} takes no text, so --stdin does not apply`);
      await answerLines(command, options);
      return EXIT.ok;
    }
    const runOptions = buildOptions(command, rest.length > 0 ? rest.join(' ') : undefined, options);
    print(command.run(await load(options), runOptions), options);
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
