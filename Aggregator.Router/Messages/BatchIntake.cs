namespace Aggregator.Router.Messages;

/// <summary>
/// Takes the items of a batch, each exactly as <see cref="MessageIntake"/> takes a single request, in rounds: an item
/// that shares content or an <c>Idempotency-Key</c> with an earlier one goes in a round after it, so it hears what it
/// would have heard had it been sent alone after the ones before it (a repeat of accepted content: 409 naming the
/// first). The items of a round run at once (their Redis claims share the connection's pipeline) and their messages
/// go to the broker as one envelope with one confirm (<see cref="SubmissionEnvelope"/>): the broker's cost per
/// message, not the Router's, is what bounds single submits.
/// </summary>
public sealed class BatchIntake(MessageIntake intake, MessageAcceptance acceptance, MessagePublisher publisher)
{
    /// <returns>One outcome per item, in the items' order.</returns>
    public async Task<SubmitOutcome[]> SubmitAsync(IReadOnlyList<BatchItemReading> items, string caller)
    {
        var outcomes = new SubmitOutcome[items.Count];
        var rounds = new List<List<int>>();
        var roundOf = new Dictionary<string, int>();
        for (var index = 0; index < items.Count; index++)
        {
            var (reading, key) = items[index];
            if (reading.Errors is { } errors)
            {
                outcomes[index] = new SubmitOutcome.Invalid(errors);
                continue;
            }
            if (intake.Check(reading.Request!) is { } invalid)
            {
                outcomes[index] = invalid;
                continue;
            }
            string?[] names = ["content:" + acceptance.FingerprintOf(reading.Request!, caller), key is null ? null : "key:" + key];
            var round = names.Select(name => name is not null && roundOf.TryGetValue(name, out var earlier) ? earlier + 1 : 0).Max();
            foreach (var name in names.OfType<string>())
            {
                roundOf[name] = round;
            }
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }
            rounds[round].Add(index);
        }

        foreach (var round in rounds)
        {
            var envelope = new SubmissionEnvelope(publisher, round.Count);
            var answers = await Task.WhenAll(round.Select(index => SubmitAsync(items[index], caller, envelope.ForItem())));
            for (var i = 0; i < round.Count; i++)
            {
                outcomes[round[i]] = answers[i];
            }
        }
        return outcomes;
    }

    private async Task<SubmitOutcome> SubmitAsync(BatchItemReading item, string caller, SubmissionEnvelope.Item sink)
    {
        try
        {
            return await intake.SubmitCheckedAsync(item.Message.Request!, item.IdempotencyKey, caller, sink);
        }
        finally
        {
            sink.Finish();
        }
    }
}
