import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { cleanArticleText } from '../src/corpus/cleanText.js';

/** White space and quote folding, so typography cannot hide an invented or altered word. */
function fold(text: string): string {
  return text
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const corpus = await loadCorpus('corpus');

describe('paragraph fidelity', () => {
  for (const article of corpus.articles) {
    it(`${article.id}: every paragraph is the article's own text, in order`, async () => {
      expect(article.source, 'seed articles name their raw source').toBeDefined();
      const raw = fold(await readFile(join('corpus', article.source!), 'utf8'));
      let from = 0;
      for (const paragraph of article.paragraphs) {
        const at = raw.indexOf(fold(paragraph), from);
        expect(at, `not found in order in the raw seed: ${paragraph.slice(0, 60)}…`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    });
  }

  it('keeps no navigation, captions, video labels, links to other stories, ads, prompts or notices', () => {
    const junk = [
      /skip to/i,
      /this browser does not support/i,
      /^\d{1,2}:\d{2}$/,
      /read also/i,
      /advertisement/i,
      /telegram/i,
      /newsletter/i,
      /all rights reserved/i,
      /while citing/i,
      /Getty Images/,
      /\[SCREEN CAPTURE\]/,
      /Ctrl \+ Enter/,
      /COP29/,
      /Gazprombank/,
      /Produced Almost 14 Billion/,
    ];
    for (const article of corpus.articles) {
      for (const paragraph of article.paragraphs) {
        for (const pattern of junk) expect(paragraph, article.id).not.toMatch(pattern);
      }
    }
  });

  it('the cleaner reproduces the bundled corpus from the raw seeds', async () => {
    for (const article of corpus.articles) {
      const { paragraphs } = cleanArticleText(await readFile(join('corpus', article.source!), 'utf8'));
      expect(paragraphs).toEqual(article.paragraphs);
    }
  });

  it('joins hard-wrapped plain text into paragraphs and drops short labels', () => {
    const text = [
      'A Headline Without Punctuation',
      '',
      'The foreign ministers of several countries issued a joint statement on',
      'Monday condemning the deployment, the ministry said in a short release.',
      '',
      'Read also: Something else entirely happened somewhere else today.',
      '',
      'Second paragraph of the story is here and it ends properly with a stop.',
    ].join('\n');
    expect(cleanArticleText(text)).toEqual({
      title: 'A Headline Without Punctuation',
      paragraphs: [
        'The foreign ministers of several countries issued a joint statement on Monday condemning the deployment, the ministry said in a short release.',
        'Second paragraph of the story is here and it ends properly with a stop.',
      ],
    });
  });
});
