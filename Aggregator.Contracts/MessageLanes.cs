namespace Aggregator.Contracts;

/// <summary>
/// The saga's queues, one per priority: separate lanes rather than RabbitMQ priorities, because quorum queues (3.10) have
/// none. The Router publishes normal submissions (the exchange is bound to the normal lane) and sends high ones straight
/// to the high lane.
/// </summary>
public static class MessageLanes
{
    public const string Saga = "message-state";

    public const string SagaHigh = "message-state-high";

    /// <summary>
    /// The exchange bound to the high lane's queue: sending to it declares no queue, so it never clashes with the queue
    /// Delivery declared (classic or quorum), and a mandatory send is returned while no Delivery service has bound it.
    /// </summary>
    public static Uri SagaHighAddress { get; } = new($"exchange:{SagaHigh}");
}
