using System.Text.Json;
using Aggregator.Delivery.Channels.Sms;
using Aggregator.Delivery.Channels.Whatsapp;
using Aggregator.Delivery.Receipts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Delivery.Apis;

/// <summary>
/// Providers' delivery receipts. A receipt whose signature does not check out is 401 and changes nothing; a good one
/// is 200 with an empty body (anything else makes the provider retry it).
/// </summary>
public static class ReceiptsApi
{
    private const long LargestBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        // Providers call these without our keys; each receipt is checked by its provider's signature instead.
        var api = app.MapGroup("/api/v1/receipts").AllowAnonymous();
        api.MapPost($"/{TwilioProvider.ReceiptPath}", TwilioReceipt);
        api.MapGet($"/{WhatsAppCloudProvider.ReceiptPath}", WhatsAppVerification);
        api.MapPost($"/{WhatsAppCloudProvider.ReceiptPath}", WhatsAppReceipt);
        return app;
    }

    public static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> TwilioReceipt(
        HttpRequest request, TwilioReceipts twilio, ReceiptBook receipts, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(title: "Twilio's status callback is a form post.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var form = await request.ReadFormAsync(cancellationToken);
        if (!twilio.IsSigned(form, request.Headers["X-Twilio-Signature"]))
        {
            receipts.Rejected(TwilioProvider.ReceiptPath);
            return TypedResults.Unauthorized();
        }
        await receipts.RecordAsync(TwilioProvider.ReceiptPath, form["MessageSid"], form["MessageStatus"], cancellationToken);
        return TypedResults.Ok();
    }

    /// <summary>Meta's subscription handshake: the challenge is echoed only for our verify token.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> WhatsAppVerification(HttpRequest request, MetaWebhook meta) =>
        meta.IsVerification(request.Query["hub.mode"], request.Query["hub.verify_token"])
            ? TypedResults.Text(request.Query["hub.challenge"].ToString(), "text/plain")
            : TypedResults.Problem(title: "Not our verify token.", statusCode: StatusCodes.Status403Forbidden);

    public static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> WhatsAppReceipt(
        HttpRequest request, MetaWebhook meta, ReceiptBook receipts, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LargestBody)
        {
            return TypedResults.Problem(title: "The notification is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        // The signature covers the exact bytes Meta sent, so they are read as they are, not through a JSON binder.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var bytes = body.ToArray();
        if (!meta.IsSigned(bytes, request.Headers["X-Hub-Signature-256"]))
        {
            receipts.Rejected(WhatsAppCloudProvider.ReceiptPath);
            return TypedResults.Unauthorized();
        }
        IEnumerable<(string Id, string Status)> statuses;
        try
        {
            statuses = MetaWebhook.Statuses(bytes);
        }
        catch (JsonException)
        {
            return TypedResults.Problem(title: "The notification is not JSON.", statusCode: StatusCodes.Status400BadRequest);
        }
        foreach (var (id, status) in statuses)
        {
            await receipts.RecordAsync(WhatsAppCloudProvider.ReceiptPath, id, status, cancellationToken);
        }
        return TypedResults.Ok();
    }
}
