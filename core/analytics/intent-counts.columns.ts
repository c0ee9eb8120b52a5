import { defineColumns } from '../../compliance/index.ts';

/**
 * `intent_daily_counts`: per tenant and tenant-local day, how many contact messages the assistant
 * classified as each intent. A row per conversation would say in plaintext that someone asked
 * about a test result or an admission; an aggregate keyed by day only says how many did, so no
 * column holds personal data and there is no conversation or contact to tie a count to.
 */
export const intentCountColumns = defineColumns('intent_daily_counts', {
  tenant_id: { classification: 'internal' },
  // A local calendar date in the tenant's time zone.
  day: { classification: 'internal' },
  // An intent name of the tenant's pack (a snake_case code) or `out_of_scope`.
  intent: { classification: 'internal' },
  count: { classification: 'internal' },
});
