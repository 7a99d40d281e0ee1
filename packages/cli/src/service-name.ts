/**
 * botocore's name for a service, from the Smithy namespace an SDK v3 command carries
 * (`com.amazonaws.cloudformation` → `cloudformation`): the key of the paginator table and of the labs'
 * client set. It is the CLI's command group too, except S3's API (`s3api`, see command/names.ts).
 * DevOps Guru's namespace has no hyphen and Cost Explorer's is its long name; botocore uses their endpoint
 * prefixes, `devops-guru` and `ce`.
 */
export function botocoreServiceName(namespace: string): string {
  const id = namespace.replace(/^com\.amazonaws\./, '');
  if (id === 'costexplorer') return 'ce';
  return id === 'devopsguru' ? 'devops-guru' : id;
}
