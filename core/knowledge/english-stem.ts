const VOWEL = /[aeiouy]/;
// A doubled final consonant left by a removed suffix (running → runn → run), except l, s and z,
// which English doubles in the stem itself (call, pass, buzz).
const DOUBLED = /([^aeiouylsz])\1$/;

/**
 * A light suffix stripper: plurals, -ing, -ed and a final -e, nothing else. It only has to map the
 * forms of one word to one term (park, parks, parking, parked → park; close, closed, closing →
 * clos); a full Porter stemmer also merges words that mean different things (general, generous).
 */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (/(?:ss|x|ch|sh|z)es$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !/(?:ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    const base = stem.slice(0, -suffix.length);
    if (stem.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) {
      stem = DOUBLED.test(base) ? base.slice(0, -1) : base;
      break;
    }
  }
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}
