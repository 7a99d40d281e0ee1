import { describe, expect, it } from 'vitest';
import { query } from './index';

describe('query', () => {
  it('filters with a backtick literal as the blog does', () => {
    const policies = {
      Policies: [
        { PolicyName: 'AmazonS3FullAccess', Arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
        { PolicyName: 'IAMFullAccess', Arn: 'x' },
      ],
    };
    expect(query(policies, 'Policies[?PolicyName==`AmazonS3FullAccess`].Arn')).toEqual([
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ]);
  });
});
