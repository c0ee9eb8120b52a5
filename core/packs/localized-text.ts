import { z } from 'zod';

/** The two reply languages of a conversation (DESIGN §1: bilingual, zh/en). */
export const PACK_LOCALES = ['zh-CN', 'en'] as const;
export type PackLocale = (typeof PACK_LOCALES)[number];

/** A text in both reply languages: a pack or a tenant never ships one side only. */
export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

const side = z.string().trim().min(1, 'must not be empty').max(4000);

export const localizedTextSchema = z.strictObject({ 'zh-CN': side, en: side });

/** The same shape with either side optional: what a tenant override may replace. */
export const partialLocalizedTextSchema = localizedTextSchema.partial();
