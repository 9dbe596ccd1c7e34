import { describe, expect, it } from '@jest/globals';
import { containsPattern, foldForSearch, searchWords } from './search-text.js';

describe('foldForSearch', () => {
  it.each([
    ['José', 'jose'],
    ['JOSÉ BEGAY', 'jose begay'],
    ['Nguyễn Thị Hồng', 'nguyen thi hong'],
    ['Ñúñez', 'nunez'],
    ['Zoë Müller', 'zoe muller'],
    ['Straße', 'strasse'],
    ['Søren Łukasz', 'soren lukasz'],
    ['O’Brien', 'obrien'],
    ["O'Brien", 'obrien'],
    ['Al-Zahra', 'al zahra'],
    ['  Ana   María  ', 'ana maria'],
    ['王小明', '王小明'],
  ])('%s → %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it('folds a decomposed accent (as macOS writes it) the same as a composed one', () => {
    expect(foldForSearch('Jose\u0301')).toBe(foldForSearch('Jos\u00e9'));
  });
});

describe('searchWords', () => {
  it('splits at spaces and commas, folded, without repeats', () => {
    expect(searchWords('Begay, José')).toEqual(['begay', 'jose']);
    expect(searchWords('jose JOSE')).toEqual(['jose']);
  });

  it('has no words for blank input', () => {
    expect(searchWords('  , ')).toEqual([]);
  });
});

describe('containsPattern', () => {
  it("escapes LIKE's wildcards and the escape character", () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
