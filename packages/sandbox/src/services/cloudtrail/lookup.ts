import { AwsError, type Handler } from '../../core/types';
import { emptyTrail, LOOKBACK_DAYS, newestFirst, type StoredEvent, upgrade } from './store';

/*
 * LookupEvents over the region's recorded events: newest first, at most one lookup attribute, an optional
 * time range, pages of MaxResults (1-50, default 50) continued by an opaque NextToken that is only good for
 * the same query.
 */

const ATTRIBUTES: Record<string, (e: StoredEvent, value: string) => boolean> = {
  EventId: (e, v) => e.EventId === v,
  EventName: (e, v) => e.EventName === v,
  ReadOnly: (e, v) => e.ReadOnly === v,
  Username: (e, v) => e.Username === v,
  ResourceType: (e, v) => e.Resources.some((r) => r.ResourceType === v),
  ResourceName: (e, v) => e.Resources.some((r) => r.ResourceName === v),
  EventSource: (e, v) => e.EventSource === v,
  AccessKeyId: (e, v) => e.AccessKeyId === v,
};

interface Token {
  /** The last event returned (its sequence number): the next page starts below it. */
  after: number;
  query: string;
}

export const LookupEvents: Handler = (ctx, input) => {
  const attributes = (input.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[]) ?? [];
  if (attributes.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You cannot have more than one lookup attribute.');
  }
  const attribute = attributes[0];
  let match: ((e: StoredEvent) => boolean) | undefined;
  if (attribute) {
    const test = Object.hasOwn(ATTRIBUTES, attribute.AttributeKey ?? '')
      ? ATTRIBUTES[attribute.AttributeKey as string]
      : undefined;
    if (!test) {
      throw new AwsError(
        'InvalidLookupAttributesException',
        `Invalid attribute key: ${attribute.AttributeKey}. Use one of ${Object.keys(ATTRIBUTES).join(', ')}.`,
      );
    }
    if (attribute.AttributeValue === undefined || attribute.AttributeValue === '') {
      throw new AwsError('InvalidLookupAttributesException', 'The attribute value must not be empty.');
    }
    const value = attribute.AttributeValue;
    match = (e) => test(e, value);
  }
  const start = input.StartTime as Date | undefined;
  const end = input.EndTime as Date | undefined;
  if (start && end && start.getTime() > end.getTime()) {
    throw new AwsError('InvalidTimeRangeException', 'Start time cannot be after end time.');
  }
  const asked = (input.MaxResults as number | undefined) ?? 50;
  if (!Number.isInteger(asked) || asked < 1 || asked > 50) {
    throw new AwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const max = Math.min(asked, ctx.pageSize ?? asked);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw new AwsError('InvalidEventCategoryException', `Invalid event category: ${input.EventCategory}`);
  }
  const query = JSON.stringify([attribute?.AttributeKey, attribute?.AttributeValue, start, end]);
  const after = input.NextToken === undefined ? Infinity : readToken(String(input.NextToken), query);
  // Insights events are not recorded: asking for them finds none.
  if (input.EventCategory === 'insight') return { Events: [] };

  const oldest = ctx.now().getTime() - LOOKBACK_DAYS * 86_400_000;
  const trail = upgrade(ctx.storeIn('cloudtrail', ctx.region, emptyTrail));
  const page: StoredEvent[] = [];
  let more = false;
  for (const e of newestFirst(trail)) {
    const t = e.EventTime.getTime();
    if (e.seq >= after || (end && t > end.getTime()) || (match && !match(e))) continue;
    if (t < oldest || (start && t < start.getTime())) continue;
    if (page.length === max) {
      more = true;
      break;
    }
    page.push(e);
  }
  const last = page[page.length - 1];
  return {
    Events: page.map(({ seq: _seq, ...event }) => event),
    ...(more && last ? { NextToken: writeToken({ after: last.seq, query }) } : {}),
  };
};

function writeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function readToken(text: string, query: string): number {
  let token: Partial<Token> | undefined;
  try {
    token = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<Token>;
  } catch {
    token = undefined;
  }
  if (!token || typeof token.after !== 'number' || token.query !== query) {
    throw new AwsError(
      'InvalidNextTokenException',
      'Invalid NextToken: pass the token of a previous call with the same lookup attributes and times.',
    );
  }
  return token.after;
}
