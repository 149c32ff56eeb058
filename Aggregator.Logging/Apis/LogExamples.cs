namespace Aggregator.Logging.Apis;

/// <summary>Bodies shown in the Logging service's OpenAPI document.</summary>
public static class LogExamples
{
    private const string Entry = """{"timestamp":"2030-01-01T09:00:00.123+00:00","level":"Information","service":"router","message":"Message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 accepted for sms to +1******4567","messageTemplate":"Message {MessageId} accepted for {Channel} to {Recipient}","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","properties":{"Channel":"sms"},"exception":null}""";

    private const string Delivered = """{"timestamp":"2030-01-01T09:00:00.456+00:00","level":"Information","service":"delivery","message":"Message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 delivered by twilio on attempt 1","messageTemplate":"Message {MessageId} delivered by {Provider} on attempt {Attempt}","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","properties":{"Provider":"twilio","Attempt":1},"exception":null}""";

    public const string Entries = "[" + Entry + "]";

    public const string Accepted = """{"accepted":1}""";

    public const string Malformed = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Some log entries are malformed.","status":400,"errors":{"[0]":["level is required and must be a non-empty string."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Behind = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"The log store is behind.","status":503,"detail":"Nothing of this batch was taken; send it again shortly.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Page = """{"items":[""" + Entry + "," + Delivered + "]}";

    public const string InvalidFilters = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The filters are not valid.","status":400,"errors":{"level":["level must be one of Verbose, Debug, Information, Warning, Error, Fatal."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

    public const string Trace = """{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","services":["router","delivery"],"firstTimestamp":"2030-01-01T09:00:00.123+00:00","lastTimestamp":"2030-01-01T09:00:00.456+00:00","entries":[""" + Entry + "," + Delivered + "]}";

    public const string TraceNotFound = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Trace not found.","status":404,"detail":"No log entries carry trace id 4bf92f3577b34da6a3ce929d0e0e4736.","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";
}
