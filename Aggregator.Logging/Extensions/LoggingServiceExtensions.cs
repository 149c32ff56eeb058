namespace Aggregator.Logging.Extensions;

public static class LoggingServiceExtensions
{
    public static IHostApplicationBuilder AddLoggingServices(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Logging");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Logging is not set; the Logging service needs its PostgreSQL database.");
        }
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgresql");
        return builder;
    }
}
