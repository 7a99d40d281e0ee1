import { AwsError } from '../../core/types';

/*
 * SQS answers AWS JSON clients with one code (the error shape's name, e.g. QueueDoesNotExist) and awsQuery
 * clients with its legacy code (AWS.SimpleQueueService.NonExistentQueue); the JSON protocol also carries the
 * legacy code in x-amzn-query-error. `code` is the JSON one, `queryCode` the legacy one. The pairs and
 * messages follow responses recorded from AWS.
 */

function sqsError(code: string, queryCode: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, { status, queryCode });
}

/** The awsQuery protocol words this one as SQS always did; the JSON protocol without "for this wsdl version". */
export const queueDoesNotExist = (): AwsError =>
  new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    queryMessage: 'The specified queue does not exist for this wsdl version.',
  });

export const queueNameExists = (attribute: string): AwsError =>
  sqsError(
    'QueueNameExists',
    'QueueAlreadyExists',
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );

export const queueDeletedRecently = (): AwsError =>
  sqsError(
    'QueueDeletedRecently',
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );

export const invalidParameterValue = (message: string): AwsError =>
  sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);

/** "Value X for parameter P is invalid. Reason: R" — SQS's wording for a bad parameter. */
export const invalidParameter = (name: string, value: unknown, reason: string): AwsError =>
  invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);

export const missingParameter = (name: string): AwsError =>
  sqsError(
    'MissingRequiredParameterException',
    'MissingParameter',
    `The request must contain the parameter ${name}.`,
  );

export const invalidAttributeName = (message: string): AwsError =>
  sqsError('InvalidAttributeName', 'InvalidAttributeName', message);

export const invalidAttributeValue = (message: string): AwsError =>
  sqsError('InvalidAttributeValue', 'InvalidAttributeValue', message);

export const invalidMessageContents = (message: string): AwsError =>
  sqsError('InvalidMessageContents', 'InvalidMessageContents', message);

export const receiptHandleIsInvalid = (handle: string): AwsError =>
  sqsError(
    'ReceiptHandleIsInvalid',
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );

export const emptyBatchRequest = (entryShape: string): AwsError =>
  sqsError(
    'EmptyBatchRequest',
    'AWS.SimpleQueueService.EmptyBatchRequest',
    `There should be at least one ${entryShape} in the request.`,
  );

export const tooManyEntries = (count: number): AwsError =>
  sqsError(
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );

export const batchEntryIdsNotDistinct = (id: string): AwsError =>
  sqsError(
    'BatchEntryIdsNotDistinct',
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`,
  );

export const invalidBatchEntryId = (): AwsError =>
  sqsError(
    'InvalidBatchEntryId',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );

export const batchRequestTooLong = (limit: number, sent: number): AwsError =>
  sqsError(
    'BatchRequestTooLong',
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );

export const purgeQueueInProgress = (name: string): AwsError =>
  sqsError(
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    403,
  );
