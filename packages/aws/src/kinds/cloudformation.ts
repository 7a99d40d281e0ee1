import {
  DeleteStackCommand,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { type KindOps, list } from './kind.js';

/** A stack carries the tags it was made with; what it made goes with it. */
export const stack: KindOps = {
  list: async (c) =>
    ((await list<DescribeStacksCommandOutput>(c.cloudformation, new DescribeStacksCommand({}))).Stacks ?? [])
      .filter((s) => s.StackStatus !== 'DELETE_COMPLETE')
      .map((s) => ({ id: s.StackName!, tags: s.Tags })),
  remove: async (c, id) => {
    await c.cloudformation.send(new DeleteStackCommand({ StackName: id }));
  },
};
