using Aggregator.Router.Idempotency;
using Aggregator.Router.Resilience;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Messages;

/// <summary>
/// Takes one message request: checks it, honours its <c>Idempotency-Key</c>, and has <see cref="MessageAcceptance"/>
/// queue it. A repeat of a key replays the stored answer, or hears that the first request is still in flight or
/// that the key was used for another payload, or, when the first could not learn whether its message was queued,
/// publishes it again under the same message id; a key whose request was refused is given back.
/// </summary>
/// <remarks>
/// No cancellation token on purpose: once a claim is taken, publishing and settling the claims run to their end even
/// when the client has gone, or a claim could be left naming a message that was never queued. Each step is bounded
/// by its dependency's timeout.
/// </remarks>
public sealed class MessageIntake(
    IValidator<SubmitMessageRequest> validator,
    IdempotencyStore<SubmitMessageResponse> idempotency,
    MessageAcceptance acceptance,
    DependencyCalls dependencies,
    IOptions<IdempotencyOptions> options,
    ILogger<MessageIntake> logger)
{
    /// <param name="request">The request as read from the body.</param>
    /// <param name="idempotencyKey">A well-formed key, or null when the client sent none.</param>
    /// <param name="caller">The API key's name, or "anonymous" while none is configured: idempotency keys, de-duplication and the message belong to it.</param>
    public async Task<SubmitOutcome> SubmitAsync(SubmitMessageRequest request, string? idempotencyKey, string caller) =>
        Check(request) ?? await SubmitCheckedAsync(request, idempotencyKey, caller);

    /// <summary>The rules the request breaks, keyed by field, or null when it keeps them all.</summary>
    public SubmitOutcome.Invalid? Check(SubmitMessageRequest request)
    {
        var validation = validator.Validate(request);
        return validation.IsValid
            ? null
            : new SubmitOutcome.Invalid(validation.ToDictionary().ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value));
    }

    /// <summary>As <see cref="SubmitAsync"/>, for a request <see cref="Check"/> found valid; a batch's items hand their message to <paramref name="sink"/>.</summary>
    public Task<SubmitOutcome> SubmitCheckedAsync(SubmitMessageRequest request, string? idempotencyKey, string caller, ISubmissionSink? sink = null) =>
        idempotencyKey is null
            ? acceptance.AcceptAsync(request, caller, null, sink)
            : AcceptOnceAsync(request, idempotencyKey, caller, sink);

    private async Task<SubmitOutcome> AcceptOnceAsync(SubmitMessageRequest request, string key, string caller, ISubmissionSink? sink)
    {
        var fingerprint = PayloadFingerprint.Of(request);
        IdempotencyClaim<SubmitMessageResponse> claim;
        try
        {
            claim = await dependencies.OnRedisAsync(() => idempotency.ClaimAsync(caller, key, fingerprint));
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Redis unusable; idempotent request refused");
            return new SubmitOutcome.Unavailable("The idempotency store is unavailable; nothing was queued.", dependencies.RetryAfterSeconds(exception), null);
        }

        switch (claim.State)
        {
            case IdempotencyState.Replay:
                return new SubmitOutcome.Replayed(claim.Record.Response!);
            case IdempotencyState.InFlight:
                return new SubmitOutcome.InFlight(options.Value.InFlightRetryAfterSeconds);
            case IdempotencyState.Mismatch:
                return new SubmitOutcome.KeyMismatch();
        }

        SubmitOutcome? outcome = null;
        try
        {
            outcome = await acceptance.AcceptAsync(request, caller, claim.Record.UnknownOutcomeOf, sink);
            return outcome;
        }
        finally
        {
            await SettleQuietly(claim, outcome);
        }
    }

    private async Task SettleQuietly(IdempotencyClaim<SubmitMessageResponse> claim, SubmitOutcome? outcome)
    {
        Func<Task>? settle = outcome switch
        {
            SubmitOutcome.Accepted accepted => () => idempotency.CompleteAsync(claim, accepted.Response),
            SubmitOutcome.Unavailable { MessageId: { } tried } => () => idempotency.RecordUnknownOutcomeAsync(claim, tried),
            // A key that stands for an unknown outcome keeps standing: that message may yet have been queued.
            _ when claim.State == IdempotencyState.UnknownOutcome => null,
            _ => () => idempotency.ReleaseAsync(claim),
        };
        if (settle is not null && await dependencies.TryOnRedisAsync(settle) is { } failure)
        {
            // A pending claim expires after Idempotency:PendingLifetime; until then repeats of the key hear "still in
            // flight", and after it a repeat finds its way to the same message id through the de-duplication claim.
            logger.LogError(failure, "Could not settle an idempotency key");
        }
    }
}
