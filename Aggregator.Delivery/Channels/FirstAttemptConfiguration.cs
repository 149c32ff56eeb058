using MassTransit;
using MassTransit.Configuration;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Adds <see cref="FirstAttemptFilter{TMessage}"/> to each message type of an endpoint the way MassTransit adds its
/// retries and in-memory outbox, so it sits where it is configured among them: an endpoint-wide filter would be placed
/// after every per-message one, inside the outbox, and the attempt's messages would wait for (and be discarded with)
/// the saga's.
/// </summary>
public sealed class FirstAttemptConfiguration : ConfigurationObserver, IMessageConfigurationObserver
{
    private readonly FirstAttemptStarter starter;

    private FirstAttemptConfiguration(IConsumePipeConfigurator configurator, FirstAttemptStarter starter)
        : base(configurator)
    {
        this.starter = starter;
        Connect(this);
    }

    public static void UseFirstAttemptsInProcess(IConsumePipeConfigurator configurator, FirstAttemptStarter starter) =>
        _ = new FirstAttemptConfiguration(configurator, starter);

    public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator)
        where TMessage : class =>
        configurator.UseFilter(new FirstAttemptFilter<TMessage>(starter));
}
