/**
 * The dependency rule of DESIGN §3, as a checker: arrows point only down
 * `verticals → integrations → core → compliance`; another area is reached only through its
 * `index.ts`; vertical packs do not know each other; production code never imports `bin/`,
 * `testing/` or `bench/`. `bin/`, `bench/` and `testing/` sit outside the layers and may use any
 * area, through its `index.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

const LAYERS = ['compliance', 'core', 'integrations', 'verticals'] as const;
const OUTSIDE = ['bin', 'bench', 'testing'] as const;

interface Area {
  /** `compliance`, `core`, `integrations`, `verticals/medical`, `bin`, … */
  readonly name: string;
  /** Position in the layering; undefined for bin, bench and testing. */
  readonly rank: number | undefined;
}

function areaOf(file: string): Area | undefined {
  const [top, second] = file.split('/');
  if (top === 'verticals' && second)
    return { name: `verticals/${second}`, rank: LAYERS.indexOf('verticals') };
  const rank = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  if (rank >= 0) return { name: top as string, rank };
  if ((OUTSIDE as readonly string[]).includes(top as string)) return { name: top as string, rank: undefined };
  return undefined;
}

const isIndex = (file: string, area: Area) => file === `${area.name}/index.ts`;
const isTest = (file: string) => /\.test\.ts$/.test(file);

/** Checks one file's imports. `file` and the result paths are relative to the repository root. */
export function checkFile(file: string, source: string): Violation[] {
  const from = areaOf(file);
  if (!from) return [];
  const violations: Violation[] = [];
  for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
    if (!specifier.startsWith('.')) continue;
    const target = normalize(join(dirname(file), specifier));
    const to = areaOf(target);
    const report = (rule: string) => violations.push({ file, specifier, rule });
    if (!to) {
      report('imports a file outside every area');
    } else if (to.name === from.name) {
      // Inside an area anything goes.
    } else if (to.rank === undefined) {
      // bin/, bench/ and testing/: never from production code; tests may use testing/.
      const allowed = from.rank === undefined || (to.name === 'testing' && isTest(file));
      if (!allowed) report(`production code must not import ${to.name}/`);
    } else if (from.rank !== undefined && to.rank >= from.rank) {
      report(
        to.rank === from.rank
          ? `${from.name} must not import another pack (${to.name})`
          : `arrow points up: ${from.name} must not import ${to.name}`,
      );
    } else if (!isIndex(target, to)) {
      report(`reaches into ${to.name} internals; import ${to.name}/index.ts`);
    }
  }
  return violations;
}

function* sourceFiles(root: string, directory = root): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(root, path);
    else if (/\.[cm]?tsx?$/.test(entry.name)) yield relative(root, path);
  }
}

/** Checks every TypeScript file of the repository; `extra` adds virtual files (for tests). */
export function checkRepository(root: string, extra: Readonly<Record<string, string>> = {}): Violation[] {
  const files = new Map<string, string>();
  for (const file of sourceFiles(root)) files.set(file, readFileSync(join(root, file), 'utf8'));
  for (const [file, source] of Object.entries(extra)) files.set(file, source);
  return [...files].flatMap(([file, source]) => checkFile(file, source));
}
