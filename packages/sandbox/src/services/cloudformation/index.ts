/** CloudFormation (awsQuery): stacks over the sandbox's EC2, IAM and SQS services. */
import { realProviders } from './providers';
import { createCloudFormationService } from './service';

export const service = createCloudFormationService(realProviders);
export default service;
export type { ProviderRegistry, ResourceProvider } from './providers/types';
export { createCloudFormationService } from './service';
