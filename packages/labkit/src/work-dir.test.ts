import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labVars, workDir } from './index';

const base = mkdtempSync(join(tmpdir(), 'labkit-work-'));
process.env.HANDSON_WORK_DIR = join(base, 'work');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('work directory and lab variables', () => {
  it('creates the work directory owner-only', () => {
    const dir = workDir('conf-handson-cli-iam');
    expect(dir).toBe(join(base, 'work', 'conf-handson-cli-iam'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('hands variables from one script to the next, and says which step sets a missing one', () => {
    const vars = labVars('01-iam-users-groups');
    vars.set('IAM_USER_NAME', 'handson-cli-novice-user');
    expect(labVars('01-iam-users-groups').get('IAM_USER_NAME')).toBe('handson-cli-novice-user');
    expect(() => vars.need('IAM_GROUP_NAME', '04-create-group.mts')).toThrow(/run 04-create-group.mts first/);
    vars.clear();
    expect(vars.all()).toEqual({});
  });
});
