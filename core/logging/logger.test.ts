import { spawnSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, TurnBatchedWriter } from './logger.ts';

describe('TurnBatchedWriter', () => {
  it('writes the lines of one event-loop turn together, in order, once the turn ends', async () => {
    const writes: string[] = [];
    const logger = createLogger('info', new TurnBatchedWriter({ write: (chunk) => writes.push(chunk) }));
    logger.info({ n: 1 }, 'first');
    logger.info({ n: 2 }, 'second');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    const lines = writes[0]
      ?.trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines?.map((line) => line.msg)).toEqual(['first', 'second']);

    logger.info('third');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1] ?? '')).toMatchObject({ msg: 'third', service: 'custos' });
  });

  it('writes pending lines at once on flush()', () => {
    const writes: string[] = [];
    const logger = createLogger('info', new TurnBatchedWriter({ write: (chunk) => writes.push(chunk) }));
    logger.info('before exit');
    logger.flush();
    expect(writes).toHaveLength(1);
  });

  it('still writes the last lines of a process that exits in the same turn', () => {
    const script = [
      "import { createLogger } from './core/logging/logger.ts';",
      'const logger = createLogger("info");',
      'logger.info("last words");',
      'process.exit(3);',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ msg: 'last words' });
  });
});
