using Serilog.Core;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// The one place that keeps recipients and bodies out of logs: every event of every service passes through it
/// before any sink renders it, so the console and the shipped lines alike see recipients masked and no body.
/// </summary>
public sealed class LogRedaction : ILogEventEnricher
{
    private static readonly HashSet<string> RecipientProperties = new(StringComparer.OrdinalIgnoreCase) { "Recipient", "Email", "Phone" };
    private static readonly HashSet<string> BodyProperties = new(StringComparer.OrdinalIgnoreCase) { "Body", "MessageBody" };

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in logEvent.Properties.Keys.ToList())
        {
            if (BodyProperties.Contains(name))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue("[redacted]")));
            }
            else if (RecipientProperties.Contains(name) && logEvent.Properties[name] is ScalarValue { Value: string recipient } && !IsMasked(recipient))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(RecipientMask.Mask(recipient))));
            }
        }
    }

    private static bool IsMasked(string value) => value.Contains('*');
}
