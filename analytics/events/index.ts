// Public surface of analytics/events: one structured record per tracked object.
export { ObjectEventBuilder, type ObjectEventBuilderOptions, type ObjectEventOutput } from './object-event-builder.js';
export { objectEventId } from './object-event-id.js';
