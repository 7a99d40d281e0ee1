// Lab 04 reads the queue's approximate count after every send, receive and delete, as the blog's scripts did.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { aws } from '@handson/labkit';

/**
 * `aws sqs get-queue-attributes ... --query 'Attributes.ApproximateNumberOfMessages' --output text`; `show`
 * prints the command and its output as the CLI does. Returns the count.
 */
export async function approximateNumberOfMessages(
  queueUrl: string,
  options: { show?: boolean } = {},
): Promise<number> {
  const { printed } = await aws(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    { query: 'Attributes.ApproximateNumberOfMessages', output: 'text', quiet: !options.show },
  );
  return Number(printed.trim());
}
