using Aggregator.Delivery.Channels.Sms;
using Aggregator.Delivery.Channels.Whatsapp;

namespace Aggregator.Delivery.Receipts;

public static class ReceiptExtensions
{
    public static IHostApplicationBuilder AddReceipts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReceiptMetrics>();
        builder.Services.AddSingleton<TwilioReceipts>();
        builder.Services.AddSingleton<MetaWebhook>();
        builder.Services.AddScoped<ReceiptBook>();
        return builder;
    }
}
