namespace Aggregator.Router.Messages;

/// <summary>
/// Takes the items of a batch, each exactly as <see cref="MessageIntake"/> takes a single request, all at once: their
/// Redis claims share the connection's pipeline and their publishes await their confirms together. Items that share
/// content or an <c>Idempotency-Key</c> go one after another in their order instead, so each hears what it would
/// have heard had it been sent alone after the ones before it (a repeat of accepted content: 409 naming the first).
/// </summary>
public sealed class BatchIntake(MessageIntake intake, MessageAcceptance acceptance)
{
    /// <returns>One outcome per item, in the items' order.</returns>
    public async Task<SubmitOutcome[]> SubmitAsync(IReadOnlyList<BatchItemReading> items, string caller)
    {
        var outcomes = new Task<SubmitOutcome>[items.Count];
        var latestOf = new Dictionary<string, Task<SubmitOutcome>>();
        for (var index = 0; index < items.Count; index++)
        {
            var (reading, key) = items[index];
            if (reading.Errors is { } errors)
            {
                outcomes[index] = Task.FromResult<SubmitOutcome>(new SubmitOutcome.Invalid(errors));
                continue;
            }
            var request = reading.Request!;
            if (intake.Check(request) is { } invalid)
            {
                outcomes[index] = Task.FromResult<SubmitOutcome>(invalid);
                continue;
            }
            var content = "content:" + acceptance.FingerprintOf(request, caller);
            var idempotency = key is null ? null : "key:" + key;
            var before = new[] { content, idempotency }
                .Select(name => name is not null && latestOf.TryGetValue(name, out var earlier) ? earlier : null)
                .OfType<Task>().Distinct().ToArray();
            var outcome = before.Length == 0
                ? intake.SubmitCheckedAsync(request, key, caller)
                : AfterAsync(before, request, key, caller);
            outcomes[index] = latestOf[content] = outcome;
            if (idempotency is not null)
            {
                latestOf[idempotency] = outcome;
            }
        }
        return await Task.WhenAll(outcomes);
    }

    private async Task<SubmitOutcome> AfterAsync(Task[] before, SubmitMessageRequest request, string? key, string caller)
    {
        // An earlier item's failure is that item's answer, not this one's.
        await Task.WhenAll(before).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await intake.SubmitCheckedAsync(request, key, caller);
    }
}
