// Lab 04's queue: created as the blog's CLI would (waiting out SQS's hold on a name deleted a moment ago), and
// its approximate count read after every send, receive and delete, as the blog's scripts did.
import {
  CreateQueueCommand,
  type CreateQueueCommandInput,
  GetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { errorCodes } from '@handson/cli';
import { aws, waitFor } from '@handson/labkit';

/** What the learner reads between the refused create-queue and the wait. */
const QUEUE_DELETED_RECENTLY_NOTE =
  '(削除したばかりのキューと同じ名前は 60 秒間使えないため、待ってから作り直します)';

/** SQS holds a deleted queue's name for 60 seconds; a second more, so the retry is not refused again. */
const NAME_HELD_MS = 61_000;

/**
 * `aws sqs create-queue`, printed as the CLI prints it; returns the queue's URL. Right after a queue of the same
 * name was deleted (this lab's teardown, the notebook's cleanup) SQS refuses it with QueueDeletedRecently: then
 * the note above is printed, the name's hold is waited out and the queue created once more. The refused attempt
 * stays on screen, its command line and the CLI's error line: it is what the blog's command prints at that
 * moment, the note explains what the reader just saw, and the transcript lists every call that was sent.
 */
export async function createQueue(input: CreateQueueCommandInput): Promise<string> {
  const create = async () => (await aws(new CreateQueueCommand(input))).output.QueueUrl!;
  try {
    return await create();
  } catch (error) {
    if (!errorCodes(error).some((code) => code.endsWith('QueueDeletedRecently'))) throw error;
  }
  process.stdout.write(`${QUEUE_DELETED_RECENTLY_NOTE}\n`);
  await waitFor({ what: 'SQS to release the name of the queue deleted a moment ago', ms: NAME_HELD_MS });
  return create();
}

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
