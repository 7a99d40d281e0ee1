import {
  DeleteTrailCommand,
  DescribeTrailsCommand,
  ListTagsCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import type { Found, KindOps } from './kind.js';

/** "The list has a limit of 20 ARNs" (ListTags, ResourceIdList). */
const TAGS_PER_REQUEST = 20;

/**
 * A trail by name, in its home region: a multi-region trail shows in every region as a shadow, which only its
 * home region can delete, so shadows are left out. Logging stops first: should the delete be refused, the trail
 * at least no longer logs (and data events are charged for).
 */
export const trail: KindOps = {
  list: async ({ cloudtrail }) => {
    const { trailList = [] } = await cloudtrail.send(
      new DescribeTrailsCommand({ includeShadowTrails: false }),
    );
    const out: Found[] = [];
    for (let i = 0; i < trailList.length; i += TAGS_PER_REQUEST) {
      const batch = trailList.slice(i, i + TAGS_PER_REQUEST);
      const { ResourceTagList = [] } = await cloudtrail.send(
        new ListTagsCommand({ ResourceIdList: batch.map((t) => t.TrailARN!) }),
      );
      for (const t of batch) {
        const tags = ResourceTagList.find((r) => r.ResourceId === t.TrailARN)?.TagsList;
        out.push({ id: t.Name!, tags });
      }
    }
    return out;
  },
  remove: async ({ cloudtrail }, Name) => {
    await cloudtrail.send(new StopLoggingCommand({ Name }));
    await cloudtrail.send(new DeleteTrailCommand({ Name }));
  },
};
