using Aggregator.Delivery.Apis;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Extensions;
using Aggregator.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDeliveryServices();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();

app.MapDefaultEndpoints();
app.MapMessagesApi();
app.MapReceiptsApi();

app.Run();
