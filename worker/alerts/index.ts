// Public surface of worker/alerts: delivery of alert events to outside receivers (signed webhooks).
export {
  WebhookSender, parseRetryAfterMs,
  type WebhookSenderOptions, type WebhookSenderEvents, type WebhookSenderStats, type WebhookDeliveryStats,
  type WebhookDeliveryInfo, type WebhookLogger, type CloseWebhookSenderOptions,
} from './webhook-sender.js';
export { WebhookTargetSchema, WebhookTargetsSchema, resolveWebhookTargets, type WebhookTargetOptions, type WebhookTargetConfig, type ResolvedWebhookTarget } from './webhook-target.js';
export {
  WEBHOOK_HEADERS, DEFAULT_SIGNATURE_TOLERANCE_SECONDS, MIN_SECRET_BYTES, signWebhookPayload, verifyWebhookSignature, webhookSecretKey,
  type SignedDelivery, type VerifyOptions,
} from './webhook-signature.js';
export { refusedAddress, guardedLookup, BlockedAddressError, type AddressRefusal } from './webhook-address.js';
