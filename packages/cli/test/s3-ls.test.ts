import { describe, expect, it } from 'vitest';
import { formatS3Ls } from '../src/index';

describe('formatS3Ls: `aws s3 ls` without arguments', () => {
  it('prints one line a bucket: creation date and time in local time, then the name', () => {
    const text = formatS3Ls({
      Buckets: [
        { Name: 'handson-a', CreationDate: new Date(2021, 5, 7, 9, 5, 3) },
        { Name: 'handson-b', CreationDate: new Date(2021, 11, 31, 23, 59, 59) },
      ],
    });
    expect(text).toBe('2021-06-07 09:05:03 handson-a\n2021-12-31 23:59:59 handson-b\n');
  });

  it('prints nothing for an account without buckets', () => {
    expect(formatS3Ls({})).toBe('');
    expect(formatS3Ls({ Buckets: [] })).toBe('');
  });
});
