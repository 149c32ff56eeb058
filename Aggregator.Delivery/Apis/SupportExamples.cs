namespace Aggregator.Delivery.Apis;

/// <summary>Bodies shown in Delivery's OpenAPI document for the support API, the webhooks and the receipts.</summary>
public static class SupportExamples
{
    public const string Message = """{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","channel":"sms","recipient":"+1******4567","state":"Delivered","priority":"normal","sendAt":null,"expiresAt":null,"attempts":2,"lastError":null,"createdAt":"2030-01-01T09:00:00+00:00","updatedAt":"2030-01-01T09:00:01.2+00:00","deliveredAt":"2030-01-01T09:00:01.2+00:00","failedAt":null,"nextAttemptAt":null,"stuckSince":null,"providerStatus":"delivered","attemptHistory":[{"attempt":1,"startedAt":"2030-01-01T09:00:00.05+00:00","finishedAt":"2030-01-01T09:00:00.2+00:00","outcome":"FailedTransiently","error":"Twilio answered 503.","provider":"twilio","providerMessageId":null,"providerStatus":null,"providersTried":[{"provider":"twilio","outcome":"FailedTransiently","error":"Twilio answered 503."}]},{"attempt":2,"startedAt":"2030-01-01T09:00:01.2+00:00","finishedAt":"2030-01-01T09:00:01.2+00:00","outcome":"Succeeded","error":null,"provider":"twilio","providerMessageId":"SM0123456789abcdef0123456789abcdef","providerStatus":"delivered","providersTried":[{"provider":"twilio","outcome":"Succeeded","error":null}]}]}""";

    public const string Counts = """{"Scheduled":12,"Accepted":3,"Processing":8,"Retrying":2,"Delivered":10412,"Failed":17,"Expired":4,"Cancelled":9}""";

    public const string Page = """{"items":[{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","channel":"email","recipient":"j***@example.com","state":"Failed","priority":"normal","sendAt":null,"expiresAt":null,"attempts":4,"lastError":"SMTP 451: try again later","createdAt":"2030-01-01T09:00:00+00:00","updatedAt":"2030-01-01T09:00:07.1+00:00","deliveredAt":null,"failedAt":"2030-01-01T09:00:07.1+00:00","nextAttemptAt":null,"stuckSince":null,"providerStatus":null}],"nextCursor":"MjAzMC0wMS0wMVQwOTowMDowMCswMDowMHwwYjZhMDAwMC04NzI1LTY4ODYtM2U3OC0wOGRmNGIyZTVlZjQ"}""";

    public const string InvalidFilters = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The filters are not valid.","status":400,"errors":{"state":["state must be one of Scheduled, Accepted, Processing, Retrying, Delivered, Failed, Expired, Cancelled."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string NotFound = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Message not found.","status":404,"detail":"No message with id 0b6a0000-8725-6886-3e78-08df4b2e5ef4 is known.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Redriven = """{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","status":"redrive-requested","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"}""";

    public const string NotRedrivable = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Only a Failed message can be redriven.","status":409,"detail":"Message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 is Delivered.","state":"Delivered","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Cancelled = """{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","state":"Cancelled","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"}""";

    public const string NotCancellable = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Only a Scheduled, Accepted or Retrying message can be cancelled.","status":409,"detail":"Message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 is Processing.","state":"Processing","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Unavailable = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"PostgreSQL is unavailable.","status":503,"detail":"Nothing was changed; try again shortly.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string WebhookRegistration = """{"url":"https://example.com/hooks/aggregator","events":["message.delivered","message.failed"]}""";

    public const string WebhookRegistered = """{"id":"5d7f3a2e-7c1b-4c2a-9a57-2f4f0e6b1d11","url":"https://example.com/hooks/aggregator","events":["message.delivered","message.failed"],"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""";

    public const string InvalidWebhook = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The webhook registration is not valid.","status":400,"errors":{"url":["url must be an absolute http or https URL."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Webhooks = """{"items":[{"id":"5d7f3a2e-7c1b-4c2a-9a57-2f4f0e6b1d11","url":"https://example.com/hooks/aggregator","events":["message.delivered","message.failed"],"createdAt":"2030-01-01T09:00:00+00:00","consecutiveFailures":0,"failingSince":null,"lastFailure":null,"disabled":false,"disabledAt":null}]}""";

    public const string WebhookNotFound = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Webhook not found.","status":404,"detail":"No webhook with id 5d7f3a2e-7c1b-4c2a-9a57-2f4f0e6b1d11 is known.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string TwilioCallback = """{"MessageSid":"SM0123456789abcdef0123456789abcdef","MessageStatus":"delivered","AccountSid":"AC0123456789abcdef0123456789abcdef","ErrorCode":""}""";

    public const string WhatsAppNotification = """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[{"id":"wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","status":"read","timestamp":"1893488400","recipient_id":"14155552671"}]}}]}]}""";
}
