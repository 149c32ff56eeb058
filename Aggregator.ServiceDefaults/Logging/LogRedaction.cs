using Serilog.Core;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// The one place that keeps recipients and bodies out of logs: every event of every service passes through it
/// before any sink renders it, so the console and the shipped lines alike see recipients masked and no body.
/// </summary>
public sealed class LogRedaction : ILogEventEnricher
{
    // Looked up by name rather than by walking every property: this runs for every log event.
    private static readonly string[] RecipientProperties = ["Recipient", "recipient", "Email", "email", "Phone", "phone"];
    private static readonly string[] BodyProperties = ["Body", "body", "MessageBody"];
    private static readonly ScalarValue Redacted = new("[redacted]");

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in BodyProperties)
        {
            if (logEvent.Properties.ContainsKey(name))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, Redacted));
            }
        }
        foreach (var name in RecipientProperties)
        {
            if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string recipient } && !recipient.Contains('*'))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(RecipientMask.Mask(recipient))));
            }
        }
    }
}
