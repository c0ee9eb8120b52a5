import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFile, checkRepository } from './dependency-rules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('dependency direction (DESIGN §3)', () => {
  it('holds for the whole repository', () => {
    expect(checkRepository(root)).toEqual([]);
  });

  it('fails when a forbidden import is added to the real tree', () => {
    const violations = checkRepository(root, {
      'compliance/audit/leak.ts':
        "import { createApp } from '../../core/index.ts';\nexport const x = createApp;\n",
    });
    expect(violations).toEqual([
      {
        file: 'compliance/audit/leak.ts',
        specifier: '../../core/index.ts',
        rule: 'arrow points up: compliance must not import core',
      },
    ]);
  });

  it.each([
    [
      'core/http/app.ts',
      "import '../../integrations/index.ts';",
      'arrow points up: core must not import integrations',
    ],
    [
      'core/db/x.ts',
      "export * from '../../verticals/medical/index.ts';",
      'arrow points up: core must not import verticals/medical',
    ],
    [
      'integrations/fhir/a.ts',
      "const m = await import('../../verticals/education/index.ts');",
      'arrow points up',
    ],
    ['verticals/medical/a.ts', "import { x } from '../education/index.ts';", 'must not import another pack'],
    ['verticals/medical/a.ts', "import { x } from '../../core/http/app.ts';", 'reaches into core internals'],
    [
      'integrations/a.ts',
      "import type { X } from '../compliance/audit/merkle.ts';",
      'reaches into compliance internals',
    ],
    ['core/a.ts', "import { main } from '../bin/main.ts';", 'production code must not import bin/'],
    [
      'core/a.ts',
      "import { createTestDb } from '../testing/test-db.ts';",
      'production code must not import testing/',
    ],
    ['bin/main.ts', "import { x } from '../core/http/app.ts';", 'reaches into core internals'],
    ['core/a.ts', "import { x } from '../scripts/tool.ts';", 'outside every area'],
  ])('%s: %s', (file, source, rule) => {
    const violations = checkFile(file, source);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toContain(rule);
  });

  it.each([
    ['core/http/app.ts', "import { x } from '../db/database.ts';"],
    ['core/a.ts', "import { x } from '../compliance/index.ts';"],
    [
      'verticals/medical/a.ts',
      "import { x } from '../../core/index.ts'; import { y } from '../../integrations/index.ts';",
    ],
    ['core/http/app.test.ts', "import { createTestDb } from '../../testing/test-db.ts';"],
    ['bin/main.ts', "import { medicalPack } from '../verticals/medical/index.ts';"],
    ['core/a.ts', "import { Kysely } from 'kysely'; // import '../integrations/index.ts' in a comment"],
  ])('allows %s: %s', (file, source) => {
    expect(checkFile(file, source)).toEqual([]);
  });
});
