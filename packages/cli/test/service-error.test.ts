import { describe, expect, it } from 'vitest';
import { botocoreServiceName, cliErrorMessage, errorCode, errorCodes } from '../src/index';

/** What the SDK v3 throws for a service error: an Error with the code as its name and `$metadata`. */
function serviceError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } }, extra);
}

describe('the CLI error line', () => {
  it('names the code and the operation as the AWS CLI does', () => {
    const error = serviceError('NoSuchEntity', 'The user with name alice cannot be found.');
    expect(cliErrorMessage(error, 'GetUser')).toBe(
      'An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name alice cannot be found.',
    );
  });

  it("prints a query-compatible service's legacy code, and answers to both codes", () => {
    const error = serviceError('QueueDoesNotExist', 'The specified queue does not exist.', {
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    expect(errorCode(error)).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(errorCodes(error)).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist']);
    expect(cliErrorMessage(error, 'GetQueueUrl')).toMatch(/^An error occurred \(AWS\.SimpleQueueService/);
  });

  it('has no code for an error that did not come from a service', () => {
    expect(errorCode(new Error('socket hang up'))).toBeUndefined();
    expect(errorCodes(new TypeError('x'))).toEqual([]);
  });
});

describe('botocoreServiceName', () => {
  it("is botocore's name: the paginator table's key", () => {
    expect(
      [
        'com.amazonaws.iam',
        'com.amazonaws.s3',
        'com.amazonaws.devopsguru',
        'com.amazonaws.costexplorer',
        'com.amazonaws.cloudtrail',
      ].map(botocoreServiceName),
    ).toEqual(['iam', 's3', 'devops-guru', 'ce', 'cloudtrail']);
  });
});
