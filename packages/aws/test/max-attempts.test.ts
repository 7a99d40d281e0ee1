import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { clientsFor } from '../src/index.ts';

// A load that counts throttles as CloudWatch does (per attempt) builds its clients with one attempt per call.
describe('clientsFor maxAttempts', () => {
  const env = { HANDSON_SANDBOX_URL: 'http://127.0.0.1:9' };
  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
  const attempts = (set: ReturnType<typeof clientsFor>) =>
    (set.dynamodb as unknown as { config: { maxAttempts: () => Promise<number> } }).config.maxAttempts();

  it("sets the SDK's attempts per call on every client of the set, and leaves the SDK's default otherwise", async () => {
    expect(await attempts(clientsFor({ env, credentials, maxAttempts: 1 }))).toBe(1);
    const sdkDefault = await new DynamoDBClient({ region: 'ap-northeast-1' }).config.maxAttempts();
    expect(sdkDefault).toBeGreaterThan(1);
    expect(await attempts(clientsFor({ env, credentials }))).toBe(sdkDefault);
  });
});
