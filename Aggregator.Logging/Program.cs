using Aggregator.Logging.Apis;
using Aggregator.Logging.Extensions;
using Aggregator.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLoggingServices();

var app = builder.Build();

await app.PrepareLogStoreAsync();

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapLogsApi();

app.Run();

/// <summary>The Logging service's entry point, public so that tests can host the service in their process.</summary>
public partial class Program;
