import type { RequestContext } from '../../core/types';
import { dynamoState } from './state';

/** What another service (DevOps Guru's coverage) may know of a table: names, age and tags, never its items. */
export interface TableSummary {
  TableName: string;
  TableArn: string;
  createdAt: number;
  tags: Readonly<Record<string, string>>;
}

/** The region's tables, as summaries: DynamoDB's state stays its own. */
export function tableSummaries(ctx: RequestContext): TableSummary[] {
  return Object.values(dynamoState(ctx).tables).map(({ TableName, TableArn, createdAt, tags }) => ({
    TableName,
    TableArn,
    createdAt,
    tags,
  }));
}
