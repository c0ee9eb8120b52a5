import type { PackIntent } from '../../../core/index.ts';
import { billingIntents } from './intents-billing.ts';
import { bookingIntents } from './intents-booking.ts';
import { conversationIntents } from './intents-conversation.ts';
import { myBookingIntents } from './intents-my-bookings.ts';
import { outOfScopeIntent } from './intents-out-of-scope.ts';
import { reportIntents } from './intents-reports.ts';
import { serviceIntents } from './intents-service.ts';
import { triageIntents } from './intents-triage.ts';
import { visitIntents } from './intents-visit.ts';

/**
 * The hospital pack's intents with their training utterances in Chinese and English. The ids are
 * fixed: flows, FAQ links and evaluations refer to them.
 */
export const medicalIntents: readonly PackIntent[] = [
  ...conversationIntents,
  ...serviceIntents,
  ...bookingIntents,
  ...myBookingIntents,
  ...triageIntents,
  ...visitIntents,
  ...billingIntents,
  ...reportIntents,
  outOfScopeIntent,
];
