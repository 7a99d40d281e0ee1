import { HandsonAwsError } from './errors.js';

/** Every resource a lab creates carries this tag, with the lab's slug as its value. */
export const LAB_TAG_KEY = 'handson:lab';

export interface Tag {
  Key: string;
  Value: string;
}

const SLUG = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/;

function checkSlug(slug: string): string {
  if (!SLUG.test(slug)) {
    throw new HandsonAwsError(
      'InvalidSlug',
      `"${slug}" is not a lab slug: use the NN-kebab-slug form of the lab's folder, e.g. 01-iam-users.`,
    );
  }
  return slug;
}

/** `[{ Key: 'handson:lab', Value: slug }]`, plus any extra tags (e.g. Name). */
export function labTags(slug: string, extra: Record<string, string> = {}): Tag[] {
  return [
    { Key: LAB_TAG_KEY, Value: checkSlug(slug) },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];
}

/**
 * EC2 `TagSpecifications` for one or more resource types (instance, volume, key-pair, security-group, vpc…).
 * The resource types stay literal types, so the EC2 command the result goes into checks them (this module
 * does not name the EC2 client's declarations: see lab-client.ts).
 */
export function ec2TagSpecifications<const R extends string>(
  slug: string,
  resourceTypes: R | readonly R[],
  extra: Record<string, string> = {},
): { ResourceType: R; Tags: Tag[] }[] {
  const types: readonly R[] = typeof resourceTypes === 'string' ? [resourceTypes as R] : resourceTypes;
  return types.map((ResourceType) => ({ ResourceType, Tags: labTags(slug, extra) }));
}

/** IAM `Tags` for CreateUser, CreateRole, CreatePolicy (IAM groups cannot be tagged). */
export const iamTags = labTags;

/** CloudFormation stack `Tags`; CloudFormation copies them onto the resources it creates. */
export const cloudFormationTags = labTags;

/** SQS CreateQueue `tags` / TagQueue `Tags`: a map, not a list. */
export function sqsTags(slug: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [LAB_TAG_KEY]: checkSlug(slug), ...extra };
}

/** The lab slug a resource's tags name, from either tag shape; undefined when it is not a lab's. */
export function labOf(tags: Array<{ Key?: string; Value?: string }> | Record<string, string> | undefined) {
  if (!tags) return undefined;
  if (Array.isArray(tags)) return tags.find((tag) => tag.Key === LAB_TAG_KEY)?.Value;
  return tags[LAB_TAG_KEY];
}
