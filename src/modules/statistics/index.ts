// Public face of statistics: other modules emit the events it counts.
export {
  CHANNELS,
  type Channel,
  type PortalEvent,
  recordEvent,
  SUBJECT_TYPES,
  type SubjectType,
} from './events.ts';
export { popularServices, type ServiceUses } from './popular.ts';
