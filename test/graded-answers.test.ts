import { describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import { PRESENTATION } from '../src/config/constants.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { renderAnswerEmbed } from '../src/render/discordMessage.js';
import { renderAnswerJson } from '../src/render/json.js';
import { renderAnswerText } from '../src/render/text.js';
import { buildKnowledge } from '../src/search/knowledge.js';

/** Graded answers (`match`), chat typing, and how every command finds the statement a text means. */

const knowledge = buildKnowledge(await loadCorpus('corpus'));

function run(name: string, options: Record<string, unknown> = {}) {
  const command = findCommand(name)!;
  return command.run(knowledge, command.options.parse(options));
}
const ask = (question: string) => run('ask', { question });
const cited = (answer: ReturnType<typeof run>) => answer.citations.map((c) => `${c.articleId}#${c.paragraph}`);

describe('grades', () => {
  it.each([
    'how many north korean troops went to russia?',
    'what did pyongyang call the nato declaration?',
    'who signed the december statement?',
  ])('answered: %j, with a lead quoting a cited passage', (question) => {
    const answer = ask(question);
    expect(answer.match).toBe('answered');
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('answered: the lead quotes, from the passage it cites, the sentence that holds the figure asked for', () => {
    const answer = ask('how many north korean troops went to russia?');
    const [, sentence, n] = /“(.+)” \[(\d+)\]$/.exec(answer.lead!)!;
    expect(answer.citations[Number(n) - 1]!.text).toContain(sentence);
    expect(sentence).toMatch(/\d|several|thousands|dozens/i);
  });

  it.each([
    'what is the weather in seoul tomorrow?',
    'best kimchi recipe?',
    'how do i center a div in css',
    'what is the population of japan',
    'hey guys',
    'thanks!',
  ])('none: %j shares no subject with the corpus, so nothing is cited', (question) => {
    const answer = ask(question);
    expect(answer.match).toBe('none');
    expect(answer.citations).toEqual([]);
    expect(answer.lead).toMatch(/nothing in the corpus is about this/i);
  });

  it('partial: on the subject but unanswered, the closest passages are shown and the lead says what none of them has', () => {
    const answer = ask('how much did russia pay north korea for the shells?');
    expect(answer.match).toBe('partial');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.lead).toMatch(/^No passage clearly answers this; none mentions “pay”/);
    const speaker = ask('what did the chinese foreign ministry say about the december statement?');
    expect(speaker.match).toBe('partial');
    expect(speaker.lead).toContain('none has the chinese foreign ministry say it');
  });

  it('every surface shows the grade: JSON carries it, text and Discord add a note, the embed changes colour', () => {
    const partial = ask('how much did russia pay north korea for the shells?');
    const answered = ask('how many north korean troops went to russia?');
    expect(JSON.parse(renderAnswerJson(partial)).match).toBe('partial');
    expect(JSON.parse(renderAnswerJson(answered)).match).toBe('answered');
    expect(renderAnswerText(partial)).toContain(PRESENTATION.gradeNote.partial);
    expect(renderAnswerText(answered)).not.toContain(PRESENTATION.gradeNote.partial);
    const partialEmbed = renderAnswerEmbed(partial).embeds![0]!;
    const answeredEmbed = renderAnswerEmbed(answered).embeds![0]!;
    expect(partialEmbed.footer!.text).toContain(PRESENTATION.gradeNote.partial);
    expect(partialEmbed.color).not.toBe(answeredEmbed.color);
  });
});

describe('chat typing never changes a grade or its passages', () => {
  const QUESTIONS = [
    'how many north korean troops went to russia',
    'what did pyongyang call the nato declaration',
    'how much did russia pay north korea for the shells',
    'what is the weather in seoul tomorrow',
  ];
  const FORMS: Array<(q: string) => string> = [
    (q) => `hey guys quick q: ${q} lol`,
    (q) => `<@123456789012345678> ${q}?? pls`,
    (q) => `**${q}** 🙏🏽`,
    (q) => `btw ${q} thx`,
    (q) => `> ${q}`,
    (q) => `ok so like ${q}, anyone know? 🤔`,
    (q) => `${q} <:thonk:123456789012345678> @someone`,
    (q) => `yo ||${q}|| :eyes:`,
    (q) => `hi everyone, ${q}? thanks!`,
    (q) => `__${q}__ https://example.com/x`,
  ];
  it.each(QUESTIONS)('%j', (question) => {
    const plain = ask(question);
    for (const form of FORMS) {
      const typed = form(question);
      const answer = ask(typed);
      expect({ typed, match: answer.match, cited: cited(answer) }).toEqual({
        typed,
        match: plain.match,
        cited: cited(plain),
      });
    }
  });

  it('abbreviations are read as the words they stand for', () => {
    expect(cited(ask('wht did the govt of nk say abt the nato declaration'))).toEqual(
      cited(ask('what did the government of nk say about the nato declaration')),
    );
  });
});

describe('one statement resolution for every command', () => {
  it('"the X one" in a question resolves as the statement option would', () => {
    expect(ask('who signed the kursk one').statement?.id).toBe(run('who-signed', { statement: 'kursk' }).statement?.id);
    expect(ask('who signed the may one?').statement?.id).toBe('joint-2024-05-31');
  });

  it('a bare "it" asks which statement, in ask and in the statement options alike', () => {
    for (const answer of [
      ask('who signed it?'),
      run('who-signed', { statement: 'it' }),
      run('dprk-response', { statement: 'that one' }),
    ]) {
      expect(answer.match).toBe('none');
      expect(answer.lead).toMatch(/^Which statement do you mean by “(it|that one)”\?/);
      expect(answer.choices).toHaveLength(knowledge.corpus.registry.statements.length);
    }
  });

  it('a statement the corpus does not have is said to be missing, with the statements to choose from', () => {
    const answer = ask('who signed the march statement?');
    expect(answer.match).toBe('none');
    expect(answer.lead).toMatch(/^No statement in the corpus matches “the march statement”/);
    expect(answer.citations).toEqual([]);
    expect(answer.choices!.length).toBeGreaterThan(0);
  });
});
