import { describe, expect, it } from 'vitest';
import {
  ec2TagSpecifications,
  HandsonAwsError,
  iamTags,
  isNotFound,
  labOf,
  labTags,
  sqsTags,
} from '../src/index.ts';

describe('lab tags', () => {
  it('name the lab in every shape the services take', () => {
    expect(labTags('01-iam-users')).toEqual([{ Key: 'handson:lab', Value: '01-iam-users' }]);
    expect(iamTags('01-iam-users', { Purpose: 'novice' })).toEqual([
      { Key: 'handson:lab', Value: '01-iam-users' },
      { Key: 'Purpose', Value: 'novice' },
    ]);
    expect(ec2TagSpecifications('03-ec2-user-data', ['instance', 'volume'], { Name: 'web' })).toEqual([
      {
        ResourceType: 'instance',
        Tags: [
          { Key: 'handson:lab', Value: '03-ec2-user-data' },
          { Key: 'Name', Value: 'web' },
        ],
      },
      {
        ResourceType: 'volume',
        Tags: [
          { Key: 'handson:lab', Value: '03-ec2-user-data' },
          { Key: 'Name', Value: 'web' },
        ],
      },
    ]);
    expect(sqsTags('04-sqs-order')).toEqual({ 'handson:lab': '04-sqs-order' });
    expect(labOf([{ Key: 'Name', Value: 'x' }, ...labTags('05-vpc-peering')])).toBe('05-vpc-peering');
    expect(labOf(sqsTags('04-sqs-order'))).toBe('04-sqs-order');
    expect(labOf([{ Key: 'Name', Value: 'x' }])).toBeUndefined();
  });

  it('reject something that is not a lab slug', () => {
    expect(() => labTags('IAM users')).toThrow(HandsonAwsError);
    expect(() => labTags('1-iam')).toThrow(/"1-iam" is not a lab slug: use the NN-kebab-slug form/);
  });
});

describe('isNotFound', () => {
  it('knows the AWS codes for a resource that is already gone', () => {
    for (const name of [
      'NoSuchEntityException',
      'NoSuchEntity',
      'InvalidInstanceID.NotFound',
      'InvalidKeyPair.NotFound',
      'InvalidGroup.NotFound',
      'InvalidVpcID.NotFound',
      'QueueDoesNotExist',
      'AWS.SimpleQueueService.NonExistentQueue',
      'NoSuchBucket',
    ]) {
      expect(isNotFound({ name }), name).toBe(true);
    }
    expect(isNotFound({ code: 'ENOENT' })).toBe(true);
    expect(isNotFound({ name: 'ValidationError', message: 'Stack with id lab does not exist' })).toBe(true);
  });

  it('does not swallow real failures', () => {
    for (const name of [
      'AccessDenied',
      'DeleteConflict',
      'DependencyViolation',
      'UnauthorizedOperation',
      'Error',
    ]) {
      expect(isNotFound({ name, message: 'x' }), name).toBe(false);
    }
    expect(isNotFound({ name: 'ValidationError', message: 'Template format error' })).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});
