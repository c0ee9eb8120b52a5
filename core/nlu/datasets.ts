import { readFile } from 'node:fs/promises';
import { OUT_OF_SCOPE } from './intent-model.ts';
import type { TrainingExample } from './train-intent.ts';

/** A data file that cannot be read as the format it was given as. One line, for the CLI. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

export type DatasetFormat = 'kuake' | 'clinc' | 'jsonl';
export const DATASET_FORMATS: readonly DatasetFormat[] = ['kuake', 'clinc', 'jsonl'];

/** CLINC150 labels out-of-scope rows `oos`; inside Custos the label is OUT_OF_SCOPE. */
const CLINC_OOS = 'oos';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(`cannot read ${path}${code ? ` (${code})` : ''}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DatasetError(`${path} is not valid JSON`);
  }
}

/**
 * KUAKE-QIC as published by CBLUE: a JSON array of `{id, query, label}`. Its `其他` ("other")
 * is an ordinary class, not out-of-scope.
 */
export async function readKuake(path: string): Promise<TrainingExample[]> {
  const data = parseJson(await readText(path), path);
  if (!Array.isArray(data)) throw new DatasetError(`${path}: expected a JSON array of {query, label}`);
  return data.map((row, i) => {
    const { query, label } = (row ?? {}) as { query?: unknown; label?: unknown };
    if (typeof query !== 'string' || typeof label !== 'string' || label.length === 0)
      throw new DatasetError(`${path}: row ${i} lacks a string query and label`);
    return { text: query, intent: label };
  });
}

/** CLINC150 (oos-eval `data_full.json`): an object of splits, each an array of `[text, intent]`. */
export async function readClinc(path: string, splits: readonly string[]): Promise<TrainingExample[]> {
  const data = parseJson(await readText(path), path);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DatasetError(`${path}: expected an object of splits`);
  const record = data as Record<string, unknown>;
  return splits.flatMap((split) => {
    const rows = record[split];
    if (!Array.isArray(rows))
      throw new DatasetError(
        `${path}: no split "${split}" (has ${Object.keys(record).join(', ') || 'none'})`,
      );
    return rows.map((row, i) => {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string')
        throw new DatasetError(`${path}: ${split}[${i}] is not [text, intent]`);
      return { text: row[0], intent: row[1] === CLINC_OOS ? OUT_OF_SCOPE : row[1] };
    });
  });
}

/** One `{text, intent, entities?}` object per line; blank lines are skipped. */
export async function readJsonl(path: string): Promise<TrainingExample[]> {
  const lines = (await readText(path)).split('\n');
  const out: TrainingExample[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new DatasetError(`${path}:${i + 1} is not valid JSON`);
    }
    const { text, intent } = (row ?? {}) as { text?: unknown; intent?: unknown };
    if (typeof text !== 'string' || typeof intent !== 'string' || intent.length === 0)
      throw new DatasetError(`${path}:${i + 1} lacks a string text and intent`);
    out.push({ text, intent });
  });
  return out;
}

/**
 * A held-out example with what a pack evaluation checks besides the intent: the message's language,
 * the entity values it contains, the acceptable best departments of a symptom description and
 * whether it is an emergency. Unknown keys are ignored, so a file can carry notes.
 */
export interface AnnotatedExample extends TrainingExample {
  readonly language?: 'zh' | 'en';
  readonly entities?: Readonly<Record<string, string>>;
  readonly triage?: readonly string[];
  readonly emergency?: boolean;
}

/** `readJsonl` plus the optional annotations of `AnnotatedExample`, each checked with its line number. */
export async function readAnnotatedJsonl(path: string): Promise<AnnotatedExample[]> {
  const lines = (await readText(path)).split('\n');
  const out: AnnotatedExample[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new DatasetError(`${where} is not valid JSON`);
    }
    const { text, intent, language, entities, triage, emergency } = (row ?? {}) as Record<string, unknown>;
    if (typeof text !== 'string' || typeof intent !== 'string' || intent.length === 0)
      throw new DatasetError(`${where} lacks a string text and intent`);
    if (language !== undefined && language !== 'zh' && language !== 'en')
      throw new DatasetError(`${where}: language must be "zh" or "en"`);
    const stringRecord =
      typeof entities === 'object' &&
      entities !== null &&
      !Array.isArray(entities) &&
      Object.values(entities).every((v) => typeof v === 'string');
    if (entities !== undefined && !stringRecord)
      throw new DatasetError(`${where}: entities must map entity types to string values`);
    if (triage !== undefined && !(Array.isArray(triage) && triage.every((t) => typeof t === 'string')))
      throw new DatasetError(`${where}: triage must be an array of department ids`);
    if (emergency !== undefined && typeof emergency !== 'boolean')
      throw new DatasetError(`${where}: emergency must be true or false`);
    out.push({
      text,
      intent,
      ...(language === undefined ? {} : { language }),
      ...(entities === undefined ? {} : { entities: entities as Record<string, string> }),
      ...(triage === undefined ? {} : { triage: triage as string[] }),
      ...(emergency === undefined ? {} : { emergency }),
    });
  });
  return out;
}
