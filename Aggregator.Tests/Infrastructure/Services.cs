namespace Aggregator.Tests.Infrastructure;

/// <summary>A public type of each service's assembly, to name it in <see cref="ServiceFactory{TEntryPoint}"/>.</summary>
public static class Services
{
    public static ServiceFactory<Router.Extensions.RouterOptions> Router(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices = null) => new(settings, testServices);

    public static ServiceFactory<Delivery.Data.DeliveryDbContext> Delivery(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices = null) => new(settings, testServices);

    public static ServiceFactory<Logging.Apis.LogsAccepted> Logging(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices = null) => new(settings, testServices);
}
