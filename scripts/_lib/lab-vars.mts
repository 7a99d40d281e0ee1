// The one `need` of the labs' steps: each lab binds it to its own slug and variables (its lab.mts).
import { LabStepError, type LabVars } from '@handson/labkit';
import { invocation } from './invocation.mts';

/**
 * `need(name, step)` for one lab: the variable an earlier step set, or, without it, one line naming the step
 * to run first (a LabStepError, not a stack), as that step is run here: by path or through the bundle.
 */
export function labVarNeeded(
  slug: string,
  vars: Pick<LabVars, 'get'>,
): (name: string, step: string) => string {
  return (name, step) => {
    const value = vars.get(name);
    if (value === undefined) {
      throw new LabStepError(`${name} is not set yet: run ${invocation(slug, step)} first.`);
    }
    return value;
  };
}
