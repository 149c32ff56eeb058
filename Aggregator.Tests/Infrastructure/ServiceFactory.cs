using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Hosts one real service in the test process, wired to the run's own vhost, databases and key prefix
/// (see <see cref="TestRun"/>). <typeparamref name="TEntryPoint"/> is the service's <c>Program</c>; every one sits in
/// the global namespace, so the hosts below name each through its assembly's alias.
/// </summary>
public abstract class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IServiceUnderTest
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> settings;

    private readonly Action<IServiceCollection>? testServices;

    protected ServiceFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
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
        // The specs steer the simulated providers; a spec that needs them off says so in its settings.
        builder.UseSetting("Simulation:AllowDirectives", "true");
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
