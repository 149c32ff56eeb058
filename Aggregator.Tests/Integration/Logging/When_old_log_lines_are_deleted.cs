using System.Net.Http.Json;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>A sender's timestamp can be anything; a line dated in the far future once outlived every retention period.</summary>
[Category("Integration")]
public class When_old_log_lines_are_deleted
{
    /// <summary>The system clock moved forward on demand, so retention can be seen without waiting days.</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long shiftTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref shiftTicks));
    }

    private static object Line(string traceId, DateTimeOffset timestamp) => new
    {
        timestamp,
        level = "Information",
        service = "router",
        message = $"dated {timestamp:O}",
        traceId,
    };

    [Test]
    public async Task Should_delete_a_line_by_when_it_was_received_not_by_its_timestamp()
    {
        var clock = new MovableClock();
        using var logging = new LoggingHost(
            new Dictionary<string, string?> { ["LogStore:RetentionDays"] = "1", ["LogStore:RetentionInterval"] = "00:00:01" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var client = logging.CreateClient();
        var farFuture = LoggingApi.NewTraceId();
        var longAgo = LoggingApi.NewTraceId();

        await client.PostAsJsonAsync("/api/v1/logs", Line(farFuture, new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await client.SearchLogsAsync($"traceId={farFuture}", 1);
        clock.Advance(TimeSpan.FromDays(2));
        await client.PostAsJsonAsync("/api/v1/logs", Line(longAgo, DateTimeOffset.UtcNow.AddDays(-30)));
        await client.SearchLogsAsync($"traceId={longAgo}", 1);

        await Eventually.Get(async () =>
        {
            var left = (await (await client.GetAsync($"/api/v1/logs?traceId={farFuture}")).JsonAsync()).GetProperty("items").GetArrayLength();
            return (left == 0, left);
        }, TimeSpan.FromSeconds(15), "the far-future line, received two days ago, to be deleted");
        Assert.That(await client.SearchLogsAsync($"traceId={longAgo}", 1), Has.Count.EqualTo(1), "the line received just now, dated a month ago, stays");
    }
}
