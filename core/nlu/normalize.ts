import * as OpenCC from 'opencc-js/t2cn';

/**
 * Longer input is cut here before any other work: a chat message is short, and the cap keeps
 * parse time bounded for pasted documents or hostile input.
 */
export const MAX_INPUT_LENGTH = 4096;

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

// A lone surrogate cannot be encoded as UTF-8 and breaks JSON consumers downstream.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls, zero-width and bidi controls: never meaningful in a chat message, and bidi
// overrides can make a red flag look different to a human than to the matcher.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping controls is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+/g;
const SPACES = /\s+/g;
const HAN = /\p{Script=Han}/u;

export interface NormalizedText {
  /** NFKC, half-width, simplified Chinese, lower case, single spaces. */
  readonly text: string;
  /** True when the input was longer than MAX_INPUT_LENGTH and was cut. */
  readonly truncated: boolean;
}

/**
 * One canonical form for matching and features. NFKC already folds full-width ASCII (Ａ１！)
 * and the ideographic space to their half-width forms; OpenCC then maps traditional to
 * simplified characters so that 醫院 and 医院 share features and vocabulary entries.
 */
export function normalizeText(input: string): NormalizedText {
  const truncated = input.length > MAX_INPUT_LENGTH;
  let text = truncated ? input.slice(0, MAX_INPUT_LENGTH) : input;
  text = text.replace(LONE_SURROGATE, '\ufffd').normalize('NFKC').replace(CONTROLS, ' ');
  if (HAN.test(text)) text = toSimplified(text);
  text = text.toLowerCase().replace(SPACES, ' ').trim();
  return { text, truncated };
}
