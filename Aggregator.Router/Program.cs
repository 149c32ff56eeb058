using Aggregator.Router.Apis;
using Aggregator.Router.Extensions;
using Aggregator.Router.Tracing;
using Aggregator.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRouterServices();

var app = builder.Build();

app.UseTraceIdHeader();
app.MapDefaultEndpoints();
app.MapMessagesApi();

app.Run();

/// <summary>The Router service's entry point, public so that tests can host the service in their process.</summary>
public partial class Program;
