using Aggregator.Router.Deduplication;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Messages;
using Aggregator.Router.Resilience;
using Aggregator.Router.Security;
using Aggregator.ServiceDefaults;
using Aggregator.ServiceDefaults.Messaging;
using FluentValidation;

namespace Aggregator.Router.Extensions;

public static class RouterServiceExtensions
{
    public static IHostApplicationBuilder AddRouterServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RouterOptions>(RouterOptions.Section);
        builder.Services.AddValidatedOptions<ResilienceOptions>(ResilienceOptions.Section);
        builder.Services.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddDeduplication();
        builder.AddSubmitRateLimit();
        builder.AddMessageBus();
        builder.Services.AddDependencyPipelines();
        builder.Services.AddSingleton<DependencyCalls>();
        builder.Services.AddSingleton<IdempotencyStore<SubmitMessageResponse>>();
        builder.Services.AddSingleton<IBrokerPublisher, MandatoryBrokerPublisher>();
        builder.Services.AddSingleton<MessagePublisher>();
        builder.Services.AddSingleton<MessageAcceptance>();
        builder.Services.AddSingleton<MessageIntake>();
        builder.Services.AddSingleton<BatchIntake>();
        builder.Services.AddValidatorsFromAssemblyContaining<SubmitMessageRequestValidator>(ServiceLifetime.Singleton);
        // The reader enforces 256 KiB with a clear 413; Kestrel's own cap keeps anything far larger out early.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            kestrel => kestrel.Limits.MaxRequestBodySize = 2 * SubmitMessageReader.MaxBodyBytes);
        return builder;
    }
}
