/**
 * Text folded for searching, the same way wherever it is stored or typed: lower case, accents and other
 * marks removed ("José" → "jose", "Nguyễn" → "nguyen"), letters that have no decomposition spelled out
 * ("ß" → "ss", "Ø" → "o"), apostrophes dropped ("O’Brien" → "obrien"), dashes and runs of spaces made
 * one space. Done in JavaScript, not SQL, so SQLite and PostgreSQL store and compare the same text.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþıħ]/g, (letter) => SPELLED_OUT[letter] ?? letter)
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[\s\-\u2010-\u2015\u2212_,;]+/g, ' ')
    .trim();
}

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/** The words of a search as typed, folded: each must appear in what it matches ("Begay, José" → two). */
export function searchWords(typed: string): string[] {
  const folded = foldForSearch(typed);
  return folded ? [...new Set(folded.split(' '))] : [];
}

/** A LIKE pattern that finds `text` anywhere, with LIKE's own characters escaped (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
