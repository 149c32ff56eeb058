using Microsoft.Extensions.Hosting;

namespace Aggregator.ServiceDefaults;

/// <summary>The short name a service goes by in logs and metrics: <c>Aggregator.Router</c> is <c>router</c>.</summary>
public static class ServiceName
{
    public static string Of(IHostEnvironment environment)
    {
        var name = environment.ApplicationName;
        var dot = name.LastIndexOf('.');
        return (dot >= 0 ? name[(dot + 1)..] : name).ToLowerInvariant();
    }
}
