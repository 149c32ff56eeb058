using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Hosts one real service in the test process, wired to the run's own vhost, databases and key prefix
/// (see <see cref="TestRun"/>). <typeparamref name="TEntryPoint"/> is any public type of the service's
/// assembly: every service's top-level <c>Program</c> sits in the global namespace, so naming it would be ambiguous.
/// </summary>
public sealed class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> settings;

    private readonly Action<IServiceCollection>? testServices;

    public ServiceFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    {
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        this.testServices = testServices;
    }

    /// <summary>Every log line the service writes, as its console would show it.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The services' own information lines drown the test report; warnings and errors still show.
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:MassTransit", "Error");
        // The in-memory test server has no per-request body size to limit (Kestrel has); it says so on every POST.
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware", "Error");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs));
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }
}
