extern alias DeliveryService;
extern alias LoggingService;
extern alias RouterService;

using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>The Router hosted in the test process.</summary>
public sealed class RouterHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    : ServiceFactory<RouterService::Program>(settings, testServices);

/// <summary>The Delivery service hosted in the test process.</summary>
public sealed class DeliveryHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    : ServiceFactory<DeliveryService::Program>(settings, testServices);

/// <summary>The Logging service hosted in the test process.</summary>
public sealed class LoggingHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    : ServiceFactory<LoggingService::Program>(settings, testServices);

/// <summary>What a test reaches of any hosted service.</summary>
public interface IServiceUnderTest : IDisposable
{
    IServiceProvider Services { get; }

    CapturedLogs Logs { get; }

    HttpClient CreateClient();
}
