import type { ServiceDefinition } from '../../core/types';
import { coverageOperations } from './coverage';
import { insightOperations } from './insights';

/*
 * DevOps Guru (restJson1): analysis coverage and reactive insights for DynamoDB tables, from a detector
 * whose rule is stated in rule.ts and the package README. The read operations run the detector; what it
 * records is saved with the next write, and re-evaluating from the metrics gives the same insights.
 */

/**
 * The newest published SDK v3 DevOps Guru client (3.523.0) embeds no schemas: the model is botocore's,
 * trimmed to the operations served (model.ts beside this file) and read as schemas.
 */
async function loadModelSchemas(): Promise<Record<string, unknown>> {
  const [{ schemasFromBotocore }, model] = await Promise.all([
    import('../../protocols/botocore-schema.js'),
    import('./model.js'),
  ]);
  // Run from source the module's default is the model. Built to CommonJS, import() hands back
  // { default: module.exports }, and the model is one `default` further down.
  const loaded = model.default as { operations?: unknown; default?: unknown };
  return schemasFromBotocore(
    (loaded.operations ? loaded : loaded.default) as never,
    'com.amazonaws.devopsguru',
  );
}

export const service: ServiceDefinition = {
  name: 'devops-guru',
  protocols: ['restJson'],
  xmlns: '',
  namespace: 'com.amazonaws.devopsguru',
  load: loadModelSchemas,
  operations: { ...coverageOperations, ...insightOperations },
};

export default service;
