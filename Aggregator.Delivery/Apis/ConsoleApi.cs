using Microsoft.AspNetCore.Http.HttpResults;
using Aggregator.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Apis;

/// <summary>
/// The support console at <c>/</c>: static files from the build output, open to anyone (they carry no data), and the one
/// setting the page needs. Its data comes from the messages API, whose roles still apply to every call it makes.
/// </summary>
public static class ConsoleApi
{
    public static IHostApplicationBuilder AddSupportConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TracePageOptions>(TracePageOptions.Section);
        return builder;
    }

    public static WebApplication MapSupportConsole(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // The page's own settings, not part of the API clients use.
        app.MapGet("/console/settings.json", GetSettings).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static Ok<ConsoleSettings> GetSettings(IOptions<TracePageOptions> tracePage) =>
        TypedResults.Ok(new ConsoleSettings(tracePage.Value.PublicUrl.TrimEnd('/')));
}

/// <summary>What the console's script cannot know by itself: where the trace page is.</summary>
public sealed record ConsoleSettings(string TracePageUrl);
