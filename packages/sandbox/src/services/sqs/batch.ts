import type { AwsError } from '../../core/types';
import { batchEntryIdsNotDistinct, emptyBatchRequest, invalidBatchEntryId, tooManyEntries } from './errors';
import type { ModelInput } from './registry';
import { BATCH_ENTRY_ID } from './validate';

/** The checks every *Batch operation makes before touching any entry; any failure rejects the whole call. */
export function checkBatch(entries: unknown, entryShape: string): ModelInput[] {
  const list = Array.isArray(entries) ? (entries as ModelInput[]) : [];
  if (list.length === 0) throw emptyBatchRequest(entryShape);
  if (list.length > 10) throw tooManyEntries(list.length);
  const seen = new Set<string>();
  for (const entry of list) {
    const id = String(entry?.Id ?? '');
    if (!BATCH_ENTRY_ID.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return list;
}

/** A BatchResultErrorEntry: batch results carry the legacy (awsQuery) code, as SQS sends them. */
export function failedEntry(id: unknown, error: AwsError): Record<string, unknown> {
  return {
    Id: id,
    SenderFault: error.fault === 'Sender',
    Code: error.queryCode ?? error.code,
    Message: error.message,
  };
}
