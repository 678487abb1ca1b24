import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { describe, expect, it } from 'vitest';
import { analyze, foldText, isEnglishWord, searchData } from '../src/search/textProcessing.js';

describe('text processing', () => {
  it('folds quotes, dashes and diacritics one character for one', () => {
    const text = 'Pyongyang’s “normal” ties — décor';
    expect(foldText(text)).toBe('pyongyang\'s "normal" ties - decor');
    expect(foldText(text)).toHaveLength(text.length);
  });

  it('gives North Korea, the DPRK and Pyongyang a shared term, and matches 10,000 with 10000', () => {
    const dprk = analyze('DPRK');
    for (const name of ['North Korea', 'Pyongyang']) expect(analyze(name)).toEqual(expect.arrayContaining(dprk));
    expect(analyze('10,000 troops')).toEqual(
      expect.arrayContaining(analyze('10000 soldiers').filter((t) => /\d/.test(t))),
    );
  });

  it('reads "the us" as the United States, but not "us" alone', () => {
    const usa = analyze('United States')[0]!;
    expect(analyze('what did the us say')).toContain(usa);
    expect(analyze('the US and Japan')).toContain(usa);
    expect(analyze('tell us what they said')).not.toContain(usa);
  });

  it('reads dates in digits as the date written in words, a question\'s yearless "16/12" too, an article\'s "1/2" not', () => {
    const december16 = analyze('16 December 2024');
    for (const digits of ['16/12/2024', '16.12.24', '12/16/24', '2024-12-16']) {
      expect(december16, digits).toEqual(expect.arrayContaining(analyze(digits)));
      expect(analyze(digits), digits).toHaveLength(3);
    }
    expect(analyze('the 16 December statement', { isQuery: true })).toEqual(
      expect.arrayContaining(analyze('the 16/12 statement', { isQuery: true })),
    );
    expect(analyze('the 16/12 statement', { isQuery: true })).toContain(searchData.months[11]);
    expect(analyze('1/2 of the troops')).not.toContain(searchData.months[1]);
  });

  it('reads a phrasal verb split around its object in a question as the phrase ("pull its soldiers out" = "pull out")', () => {
    const pullOut = analyze('pull out', { isQuery: true })[0]!;
    const split = analyze('pull its soldiers out', { isQuery: true });
    expect(split).toContain(pullOut);
    expect(split).not.toContain(analyze('out')[0] ?? 'out');
    // Articles are read word for word.
    expect(analyze('pull its soldiers out')).not.toContain(pullOut);
  });

  it('knows every word of the English word list, including its few out-of-order neighbours, and no names', () => {
    const words = readFileSync(wordListPath, 'utf8').split('\n').filter(Boolean);
    expect(words.every(isEnglishWord)).toBe(true);
    for (const name of ['hwasong', 'donbas', 'rutte', 'kyivpost']) expect(isEnglishWord(name)).toBe(false);
  });
});
