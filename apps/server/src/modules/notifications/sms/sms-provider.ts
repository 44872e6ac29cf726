/** One text message for a provider: a template registered with it, and that template's variables. */
export interface SmsMessage {
  readonly phone: string;
  readonly templateCode: string;
  readonly params: Readonly<Record<string, string>>;
  /** Our id for the message (the outbox row), echoed in the provider's records. */
  readonly outId: string;
}

export type SendResult =
  | { readonly ok: true; readonly providerId: string }
  /** `retryable`: worth trying again later (throttling, the provider down, a setting an operator can fix). */
  | { readonly ok: false; readonly retryable: boolean; readonly code: string; readonly message: string };

export type DeliveryStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'delivered'; readonly at: Date | null }
  | { readonly state: 'failed'; readonly code: string };

/** A real SMS gateway (Alibaba Cloud today; Tencent Cloud would implement the same two calls). */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SendResult>;
  /** Whether a message it accepted reached the phone. */
  status(q: { phone: string; providerId: string; sentAt: Date }): Promise<DeliveryStatus>;
}
