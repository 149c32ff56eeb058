namespace Aggregator.Tests.Infrastructure;

/// <summary>The Router and the Delivery service side by side in the test process, with a client for each.</summary>
public sealed class RouterAndDelivery : IDisposable
{
    private readonly RouterHost router = new RouterHost();
    private readonly DeliveryHost delivery = new DeliveryHost();

    public RouterAndDelivery()
    {
        // Delivery first: its queues must be bound before the Router publishes anything.
        DeliveryClient = delivery.CreateClient();
        RouterClient = router.CreateClient();
    }

    public HttpClient RouterClient { get; }

    public HttpClient DeliveryClient { get; }

    public IServiceProvider DeliveryServices => delivery.Services;

    public void Dispose()
    {
        RouterClient.Dispose();
        DeliveryClient.Dispose();
        router.Dispose();
        delivery.Dispose();
    }
}
