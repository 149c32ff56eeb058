namespace Aggregator.Router.OpenApi;

/// <summary>Bodies shown in the Router's OpenAPI document: a request, a response and the problems a client meets.</summary>
public static class MessageExamples
{
    public const string Submit = """{"channel":"email","recipient":"jane@example.com","subject":"Hi","body":"Hello Jane","metadata":{"orderId":"A-1"},"sendAt":"2030-01-01T09:00:00+01:00","expiresAt":"2030-01-01T12:00:00Z","priority":"normal"}""";

    public const string Accepted = """{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","status":"accepted","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"}""";

    public const string Invalid = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The message is not valid.","status":400,"errors":{"recipient":["recipient must be an E.164 number (+ and 8 to 15 digits) for the sms and whatsapp channels."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Duplicate = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Duplicate message.","status":409,"detail":"The same content was accepted as message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 within the de-duplication window.","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Unavailable = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service unavailable.","status":503,"detail":"The message broker did not confirm message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 in time, so whether it was queued is not known. Send the same request again: it is then accepted under this messageId, never as a second message.","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string RateLimited = """{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":"Too many requests.","status":429,"detail":"This client's rate limit is used up; try again in 1 s.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Batch = """{"messages":[{"channel":"sms","recipient":"+14155552671","body":"Your code is 1234","priority":"high","idempotencyKey":"code-1234"},{"channel":"email","recipient":"jane@example.com","subject":"Hi","body":"Hello Jane"}]}""";

    public const string BatchAnswered = """{"items":[{"index":0,"status":202,"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"},{"index":1,"status":400,"errors":{"sendAt":["sendAt must be at most 30 days ahead."]}},{"index":2,"status":409,"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","detail":"Duplicate message. The same content was accepted as message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 within the de-duplication window."}]}""";

    public const string BatchInvalid = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The batch is not valid.","status":400,"errors":{"messages":["messages must be a list of 1 to 500 messages."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";
}
