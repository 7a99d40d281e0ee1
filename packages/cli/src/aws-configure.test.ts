import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsConfigure, setInSection } from './index';

describe('awsConfigure(): what aws configure --profile writes', () => {
  const answers = {
    aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
    aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'ap-northeast-1',
    output: 'json',
  };

  it('appends a profile to both files, owner-only, and returns the prompts the blog shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-configure-'));
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
    const transcript = awsConfigure(files, 'sample-user1', answers);
    expect(transcript).toBe(
      '$ aws configure --profile sample-user1\nAWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE\n' +
        'AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' +
        'Default region name [None]: ap-northeast-1\nDefault output format [None]: json',
    );
    expect(readFileSync(files.config, 'utf8')).toBe(
      '[profile sample-user1]\nregion = ap-northeast-1\noutput = json\n',
    );
    expect(statSync(files.credentials).mode & 0o777).toBe(0o600);
  });

  it('changes a value in place and leaves the other sections alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-configure-')), 'credentials');
    writeFileSync(file, '[a]\naws_access_key_id = OLD\nx = 1\n[b]\naws_access_key_id = B\n');
    setInSection(file, 'a', { aws_access_key_id: 'NEW', y: '2' });
    expect(readFileSync(file, 'utf8')).toBe(
      '[a]\naws_access_key_id = NEW\nx = 1\ny = 2\n[b]\naws_access_key_id = B\n',
    );
  });
});
