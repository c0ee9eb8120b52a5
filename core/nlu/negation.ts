/**
 * Is the phrase at `start` negated within its clause? A NegEx-style look-back: a cue such as
 * 不/没有/否认 or no/not/denies shortly before the phrase, with no clause break in between.
 * Question forms (有没有, 是不是, "not sure") are not negations: for safety, "有没有可能是胸痛"
 * must still raise the flag.
 */
// "and"/和 end a negation's scope too: "no fever and chest pain" must flag. Reading
// "没有发烧和胸痛" as a flag is the price, and the right side to err on.
const CLAUSE_BREAK =
  /[，。！？；：,.!?;:\n]|但是|但|可是|不过|和|\bbut\b|\band\b|\bhowever\b|\bthough\b|\bexcept\b/g;
const ZH_CUE = /(?:不|没有|没|无|未|否认|从未|并无|非)$/;
const ZH_PSEUDO = /(?:是不是|有没有|会不会|能不能|是否|不知道|不确定|不停|不断|不止|不能排除|无法排除)/;
const EN_CUE = /\b(?:no|not|never|without|denies|denied|deny|negative for|free of|n't|nor)\b/;
const EN_PSEUDO =
  /\b(?:not sure|no idea|not certain|not only|don't know|can't tell|cannot rule out|can't rule out)\b/;
// Only these may stand between a Chinese cue and the phrase (没有出现胸痛, 无明显胸痛), so that
// 心脏不好胸痛 is not read as a negation of 胸痛.
const ZH_FILLER = /^(?:有|出现|明显|感到|觉得|发生|再|曾|任何|什么|过)*$/;
const EN_WINDOW_WORDS = 4;

export function isNegated(text: string, start: number): boolean {
  const clause = clauseBefore(text, start);
  if (clause.length === 0) return false;
  const zhTail = clause.slice(-9);
  if (!ZH_PSEUDO.test(zhTail)) {
    for (let gap = 0; gap <= 6 && gap < clause.length; gap++) {
      const cut = clause.length - gap;
      if (ZH_CUE.test(clause.slice(0, cut)) && ZH_FILLER.test(clause.slice(cut))) return true;
    }
  }
  const words = clause
    .replace(/n't\b/g, " n't")
    .trim()
    .split(/\s+/)
    .slice(-EN_WINDOW_WORDS - 1)
    .join(' ');
  return EN_CUE.test(words) && !EN_PSEUDO.test(clause.slice(-40));
}

function clauseBefore(text: string, start: number): string {
  const before = text.slice(Math.max(0, start - 60), start);
  let cut = 0;
  for (const m of before.matchAll(CLAUSE_BREAK)) cut = m.index + m[0].length;
  return before.slice(cut);
}
