using Aggregator.ServiceDefaults;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Messages;
using Aggregator.ServiceDefaults.Messaging;
using FluentValidation;

namespace Aggregator.Router.Extensions;

public static class RouterServiceExtensions
{
    public static IHostApplicationBuilder AddRouterServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RouterOptions>(RouterOptions.Section);

        builder.AddDeduplication();
        builder.AddMessageBus();
        builder.Services.AddValidatorsFromAssemblyContaining<SubmitMessageRequestValidator>(ServiceLifetime.Singleton);
        return builder;
    }
}
