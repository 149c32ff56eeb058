using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// One log line per state change, but none for a new message created Processing: its attempt's outcome line follows in
/// the same consume (and the Router's "Accepted" line has said it arrived).
/// </summary>
[Category("Integration")]
public class When_state_changes_are_logged
{
    private readonly DeliveryHost delivery = new(new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:Aggregator.Delivery.StateMachines.StateChangeLog"] = "Information",
    });

    [OneTimeTearDown]
    public void Stop() => delivery.Dispose();

    [Test]
    public async Task Should_log_only_the_outcome_of_a_first_attempt_made_in_process()
    {
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message());
        using var client = delivery.CreateClient();
        await client.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));

        var lines = await StateChangesAsync(id, count: 1);

        Assert.That(lines, Is.EqualTo(new[] { "Processing -> Delivered" }));
    }

    [Test]
    public async Task Should_log_each_change_the_saga_makes_after_its_creation()
    {
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message(simulate: "fail-times:1"));
        using var client = delivery.CreateClient();
        await client.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));

        var lines = await StateChangesAsync(id, count: 2);

        Assert.That(lines, Is.EqualTo(new[] { "Processing -> Retrying", "Processing -> Delivered" }));
    }

    [Test]
    public async Task Should_log_the_creation_of_a_message_that_waits()
    {
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message() with { SendAt = DateTimeOffset.UtcNow.AddMinutes(5) });
        using var client = delivery.CreateClient();
        await client.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(15));

        var lines = await StateChangesAsync(id, count: 1);

        Assert.That(lines, Is.EqualTo(new[] { "Initial -> Scheduled" }));
    }

    /// <summary>The "From -> To" of the message's state-change lines, once <paramref name="count"/> have been written (and no more come within a moment).</summary>
    private async Task<string[]> StateChangesAsync(Guid id, int count)
    {
        string[] Changes() => delivery.Logs.Lines
            .Where(line => line.Contains(id.ToString(), StringComparison.Ordinal) && line.Contains("\"@m\":\"Message ", StringComparison.Ordinal))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Message (\w+ -> \w+) \(").Groups[1].Value)
            .Where(change => change.Length > 0)
            .ToArray();
        await Eventually.True(() => Changes().Length >= count, TimeSpan.FromSeconds(10), $"{count} state-change lines of {id}");
        return Changes();
    }
}
