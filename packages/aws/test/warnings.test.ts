import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_VERSION_WARNING_SWITCH } from '../src/index.ts';

const run = promisify(execFile);
const fixture = join(__dirname, 'fixtures', 'build-client.mts');

async function stderrOf(mode: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // This test process loaded the helpers, which turned the switch on; the children must start without it.
  delete env[NODE_VERSION_WARNING_SWITCH];
  const { stdout, stderr } = await run(
    process.execPath,
    ['--conditions=@handson/source', '--import=tsx', fixture, mode],
    { env, cwd: join(__dirname, '..') },
  );
  expect(stdout).toBe('built\n');
  return stderr;
}

describe.skipIf(Number(process.versions.node.split('.')[0]) >= 22)(
  'the SDK’s NodeVersionSupportWarning on Node 20',
  () => {
    it('is printed by a bare SDK client (the thing being suppressed exists)', async () => {
      const stderr = await stderrOf('bare');
      expect(stderr).toContain('NodeVersionSupportWarning');
      expect(stderr).toContain('an unrelated warning that must still be shown');
    });

    it('is kept out of the output once @handson/aws is loaded; other warnings still show', async () => {
      const stderr = await stderrOf('with-helpers');
      expect(stderr).not.toContain('NodeVersionSupportWarning');
      expect(stderr).toContain('an unrelated warning that must still be shown');
    });
  },
);
