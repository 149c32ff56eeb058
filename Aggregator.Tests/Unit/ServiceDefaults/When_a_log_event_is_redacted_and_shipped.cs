using System.Diagnostics;
using Aggregator.ServiceDefaults.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Aggregator.Tests.Unit.ServiceDefaults;

public class When_a_log_event_is_redacted_and_shipped
{
    private sealed class Collect : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private static LogEvent Log(Action<ILogger> write)
    {
        var sink = new Collect();
        using var logger = new LoggerConfiguration()
            .Enrich.WithProperty("service", "router")
            .Enrich.With<LogRedaction>()
            .WriteTo.Sink(sink)
            .CreateLogger();
        write(logger);
        return sink.Events.Single();
    }

    [Test]
    public void Should_mask_recipients_and_drop_bodies_before_any_sink_renders_them()
    {
        var logEvent = Log(logger => logger.Information("Sending {Body} to {Recipient} and {Phone}", "Secret text", "jane@example.com", "+14155552671"));
        var entry = LogEntryMapper.From(logEvent);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Message, Does.Contain("j***@example.com").And.Contain("+1******2671"));
            Assert.That(entry.Message, Does.Not.Contain("jane@example.com").And.Not.Contain("Secret text"));
            Assert.That(entry.Properties!["Recipient"].GetString(), Is.EqualTo("j***@example.com"));
            Assert.That(entry.Properties["Body"].GetString(), Is.EqualTo("[redacted]"));
        });
    }

    [Test]
    public void Should_carry_service_trace_and_message_ids_as_fields()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var messageId = Guid.NewGuid();
        var logEvent = Log(logger => logger.ForContext("messageId", messageId).Warning("Attempt {Attempt} failed", 2));
        var entry = LogEntryMapper.From(logEvent);

        Assert.Multiple(() =>
        {
            Assert.That(entry.Service, Is.EqualTo("router"));
            Assert.That(entry.Level, Is.EqualTo("Warning"));
            Assert.That(entry.TraceId, Is.EqualTo(activity.TraceId.ToHexString()));
            Assert.That(entry.MessageId, Is.EqualTo(messageId));
            Assert.That(entry.MessageTemplate, Is.EqualTo("Attempt {Attempt} failed"));
            Assert.That(entry.Properties!["Attempt"].GetInt32(), Is.EqualTo(2));
            Assert.That(entry.Properties.ContainsKey("service"), Is.False);
        });
    }
}
