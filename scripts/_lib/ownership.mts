// Whether a lab made a resource (its tag), and the refusal when one of its names is taken by something it
// did not make: one wording for every lab, each lab binding it to its own slug (its lab.mts).
import { LAB_TAG_KEY, labOf } from '@handson/aws';
import { LabStepError } from '@handson/labkit';

export interface LabOwnership {
  /** Whether tags (either shape) say this lab made the resource. */
  isOurs(tags: Parameters<typeof labOf>[0]): boolean;
  /** The refusal for a resource of one of the lab's names that the lab did not make: it is left alone. */
  notOurs(what: string): LabStepError;
}

export function labOwnership(slug: string): LabOwnership {
  return {
    isOurs: (tags) => labOf(tags) === slug,
    notOurs: (what) =>
      new LabStepError(
        `${what} already exists and was not made by this lab (it has no ${LAB_TAG_KEY}=${slug} tag), so the lab ` +
          'leaves it alone: delete or rename it yourself if it is yours to remove, then run this step again.',
      ),
  };
}
