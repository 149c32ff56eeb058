using Aggregator.Delivery.Apis;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Extensions;
using Aggregator.Delivery.Webhooks;
using Aggregator.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDeliveryServices();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();

// Before the key check: the console's files are open, its data is not.
app.MapSupportConsole();
app.MapDefaultEndpoints();
app.MapMessagesApi();
app.MapReceiptsApi();
app.MapWebhooksApi();

app.Run();

/// <summary>The Delivery service's entry point, public so that tests can host the service in their process.</summary>
public partial class Program;
