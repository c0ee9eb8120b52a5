import { normalizeText } from '../nlu/normalize.ts';

// Lists are compared with normalised text, so they go through the same normal form (OpenCC maps
// 么 to 幺, for one).
const normal = (words: readonly string[]) => new Set(words.map((word) => normalizeText(word).text));

/**
 * Words that carry no topic in a customer-service question. Retrieval would survive them (their
 * IDF is low), but dropping them keeps them out of the confidence's reference score, where an
 * unmatched "please" or 吗 would only add noise. Question words (哪里, 多少, where, when) are kept:
 * they tell a question about a place from one about a price.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = normal([
  // Particles and modal endings.
  ...[
    '的',
    '地',
    '得',
    '了',
    '着',
    '过',
    '吗',
    '呢',
    '吧',
    '啊',
    '呀',
    '哦',
    '嘛',
    '么',
    '哈',
    '啦',
    '呐',
    '哟',
  ],
  // Pronouns and demonstratives.
  ...['我', '你', '您', '他', '她', '它', '我们', '你们', '您们', '他们', '咱们', '大家', '自己'],
  ...['这', '那', '这个', '那个', '这些', '那些', '这儿', '这里', '此'],
  // Courtesy and filler.
  ...['请问', '请', '麻烦', '一下', '谢谢', '你好', '您好', '哈喽', '想问', '问一下', '问问', '想', '想要'],
  // Copula, light verbs, conjunctions and adverbs.
  ...['是', '有', '在', '和', '与', '跟', '及', '或', '或者', '就', '都', '也', '还', '又', '很'],
  ...['可以', '能', '能够', '能否', '会', '要', '一个', '个', '些', '把', '被', '给', '让', '对', '从'],
]);

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = normal(
  (
    'a an the is are was were be been being am do does did doing can could would should will shall may ' +
    'might must i me my mine myself you your yours we our ours us he him his she her it its they them ' +
    'their this that these those to of in on at for with from by about as into and or but if then so ' +
    'not no please hi hello hey thanks thank there here have has had get got any some just also ' +
    'want wanna like tell know let'
  ).split(' '),
);
