import type { CompletedRequest } from '../../core/types';
import type { Candidate } from './delivery';

/*
 * An S3 data event as a trail's log file holds it ("CloudTrail record contents" and "Amazon S3 CloudTrail
 * events", AWS documentation): `eventCategory` Data, `managementEvent` false, requestParameters with
 * bucketName, Host and key (prefix for listings), additionalEventData with the bytes moved, and resources
 * naming the object and its bucket. Listings are selected by the bucket's objects under their prefix (a
 * selector value `arn:aws:s3:::bucket/` takes them), which is the sandbox's reading of basic selectors.
 */

const size = (v: unknown) =>
  Buffer.isBuffer(v) ? v.length : typeof v === 'string' ? Buffer.byteLength(v) : 0;

export function dataEventRecord(
  req: CompletedRequest,
  identity: Record<string, unknown>,
  uuidFrom: (text: string) => string,
  /** The bucket's region: S3 events are recorded where the bucket is, whatever region the client signed for. */
  region = req.region,
): Candidate {
  const bucket = String(req.input.Bucket ?? '');
  const key = req.input.Key === undefined ? undefined : String(req.input.Key);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const listing = key === undefined;
  const prefix = String(req.input.Prefix ?? '');
  const record: Record<string, unknown> = {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: new Date(Math.floor(req.time.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: req.operation,
    awsRegion: region,
    sourceIPAddress: req.sourceIpAddress,
    userAgent: req.userAgent,
  };
  if (req.error) {
    record.errorCode = req.error.code;
    record.errorMessage = req.error.message;
  }
  const output = (req.output ?? {}) as Record<string, unknown>;
  Object.assign(record, {
    requestParameters: {
      bucketName: bucket,
      Host: `${bucket}.s3.${region}.amazonaws.com`,
      ...(listing ? { prefix } : { key }),
    },
    responseElements: null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      AuthenticationMethod: 'AuthHeader',
      bytesTransferredIn: size(req.input.Body),
      bytesTransferredOut: req.error ? 0 : size(output.Body),
    },
    requestID: req.requestId,
    eventID: uuidFrom(`data/${req.principal.accountId}/${req.requestId}/${req.time.getTime()}`),
    readOnly: req.readOnly,
    resources: [
      ...(listing ? [] : [{ type: 'AWS::S3::Object', ARN: `${bucketArn}/${key}` }]),
      { accountId: req.principal.accountId, type: 'AWS::S3::Bucket', ARN: bucketArn },
    ],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: req.principal.accountId,
    eventCategory: 'Data',
  });
  return {
    region,
    record,
    readOnly: req.readOnly,
    management: false,
    resourceArn: listing ? `${bucketArn}/${prefix}` : `${bucketArn}/${key}`,
    global: false,
  };
}
