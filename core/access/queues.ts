/**
 * Queue ids: the short names conversations are routed by (`Conversation.queueId`, a pack's
 * `defaultQueue`) and staff are members of (`AccessActor.queueIds`). Plain lower-case identifiers,
 * so that they travel in access tokens and audit-free logs as they are and never carry a name.
 */
export const QUEUE_ID = /^[a-z][a-z0-9-]{0,47}$/;

/** How many queues one staff account may work; every one of them rides in each access token. */
export const MAX_QUEUES_PER_USER = 20;

export const isQueueId = (value: unknown): value is string =>
  typeof value === 'string' && QUEUE_ID.test(value);
