// Public face of notifications: other modules queue messages in their own transactions.

export { outbox } from './outbox.tables.ts';
export { enqueueMessage, type OutgoingMessage } from './outbox.ts';
