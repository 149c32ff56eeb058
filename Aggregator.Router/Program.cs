using Aggregator.Router.Apis;
using Aggregator.Router.Extensions;
using Aggregator.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRouterServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMessagesApi();

app.Run();
