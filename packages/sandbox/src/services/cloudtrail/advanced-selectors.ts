import { AwsError } from '../../core/types.js';

/*
 * Advanced event selectors ("Logging data events" and AdvancedFieldSelector, CloudTrail API Reference), the
 * part the sandbox's events carry: the fields eventCategory (required: Management or Data), resources.type
 * (a Data selector names exactly one: AWS::S3::Object), resources.ARN, readOnly, eventName and eventSource,
 * with the operators Equals, StartsWith, EndsWith, NotEquals, NotStartsWith and NotEndsWith. A selector
 * takes an event when every field selector holds; a trail takes it when any selector does. At most 500
 * values over all of a trail's conditions, as AWS counts them.
 */

export interface FieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedSelector {
  Name?: string;
  FieldSelectors: FieldSelector[];
}

/** What an event offers to the field selectors. */
export type EventFields = Record<
  'eventCategory' | 'resources.type' | 'resources.ARN' | 'readOnly' | 'eventName' | 'eventSource',
  string
>;

const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const MANAGEMENT_FIELDS = new Set(['eventCategory', 'readOnly', 'eventSource']);
const DATA_FIELDS = new Set(['eventCategory', 'resources.type', 'resources.ARN', 'readOnly', 'eventName']);
const MAX_VALUES = 500;

function invalid(message: string): AwsError {
  return new AwsError('InvalidEventSelectorsException', message);
}

/** Checks selectors as sent and returns them in the stored shape. */
export function checkAdvancedSelectors(raw: unknown): AdvancedSelector[] {
  const list = (Array.isArray(raw) ? raw : []) as Record<string, unknown>[];
  if (list.length === 0) throw invalid('AdvancedEventSelectors must not be empty.');
  let values = 0;
  const selectors = list.map((s) => {
    const fields = (Array.isArray(s.FieldSelectors) ? s.FieldSelectors : []) as Record<string, unknown>[];
    const checked: FieldSelector[] = fields.map((f) => {
      const out: FieldSelector = { Field: String(f.Field ?? '') };
      for (const op of OPERATORS) {
        if (f[op] === undefined) continue;
        const vals = (Array.isArray(f[op]) ? f[op] : []) as unknown[];
        if (vals.length === 0 || vals.some((v) => typeof v !== 'string' || v.length === 0 || v.length > 2048))
          throw invalid(`Invalid ${op} values for field ${out.Field}.`);
        out[op] = vals as string[];
        values += vals.length;
      }
      return out;
    });
    const category = checked.find((f) => f.Field === 'eventCategory')?.Equals ?? [];
    if (category.length !== 1 || !['Management', 'Data'].includes(category[0] as string))
      throw invalid('Each advanced event selector needs eventCategory Equals Management or Data.');
    const allowed = category[0] === 'Management' ? MANAGEMENT_FIELDS : DATA_FIELDS;
    for (const f of checked) {
      if (!allowed.has(f.Field))
        throw invalid(`Field ${f.Field} is not valid for ${category[0]} events here.`);
    }
    if (category[0] === 'Data') {
      const type = checked.find((f) => f.Field === 'resources.type')?.Equals ?? [];
      if (type.length !== 1 || type[0] !== 'AWS::S3::Object')
        throw invalid(
          'A Data selector needs resources.type Equals AWS::S3::Object (the one type the sandbox logs).',
        );
    }
    return {
      ...(s.Name !== undefined ? { Name: String(s.Name).slice(0, 1000) } : {}),
      FieldSelectors: checked,
    };
  });
  if (values > MAX_VALUES)
    throw invalid(`A trail takes at most ${MAX_VALUES} values in its advanced event selectors.`);
  return selectors;
}

function holds(f: FieldSelector, value: string): boolean {
  if (f.Equals && !f.Equals.includes(value)) return false;
  if (f.StartsWith && !f.StartsWith.some((v) => value.startsWith(v))) return false;
  if (f.EndsWith && !f.EndsWith.some((v) => value.endsWith(v))) return false;
  if (f.NotEquals?.includes(value)) return false;
  if (f.NotStartsWith?.some((v) => value.startsWith(v))) return false;
  if (f.NotEndsWith?.some((v) => value.endsWith(v))) return false;
  return true;
}

export function advancedSelects(selectors: AdvancedSelector[], event: EventFields): boolean {
  return selectors.some((s) =>
    s.FieldSelectors.every((f) => holds(f, event[f.Field as keyof EventFields] ?? '')),
  );
}
