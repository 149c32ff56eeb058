using System.Text.Json;
using Aggregator.Delivery.Channels.Sms;
using Aggregator.Delivery.Channels.Whatsapp;
using Aggregator.Delivery.Receipts;
using Aggregator.ServiceDefaults.OpenApi;
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
        var api = app.MapGroup("/api/v1/receipts").AllowAnonymous().WithTags("Receipts (for providers)");
        api.MapPost($"/{TwilioProvider.ReceiptPath}", TwilioReceipt)
            .WithSummary("Twilio status callback")
            .WithDescription(
                "For Twilio, not for clients: each message sent through Twilio names this address as its StatusCallback. Twilio posts " +
                "MessageSid, MessageStatus, AccountSid, ErrorCode and more as a form, signed in X-Twilio-Signature (base64 HMAC-SHA1 with " +
                "the AuthToken of the account posted, over this address followed by every parameter's name and value, sorted by name). " +
                "The status updates the message's providerStatus (sent, delivered, undelivered, failed), never backwards. No API key. " +
                "200: taken, empty body. 401: the signature does not check out; nothing changed. 415: not a form post.")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(SupportExamples.TwilioCallback);
        api.MapGet($"/{WhatsAppCloudProvider.ReceiptPath}", WhatsAppVerification)
            .WithSummary("WhatsApp Cloud API webhook verification")
            .WithDescription(
                "For Meta, not for clients: the handshake Meta makes when the webhook is subscribed. No API key. " +
                "200: hub.mode is subscribe and hub.verify_token is the configured VerifyToken; hub.challenge is echoed as plain text. " +
                "403: the verify token is not ours.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost($"/{WhatsAppCloudProvider.ReceiptPath}", WhatsAppReceipt)
            .WithSummary("WhatsApp Cloud API status notification")
            .WithDescription(
                "For Meta, not for clients: message status notifications (entry[].changes[].value.statuses[] with id and status), " +
                "signed in X-Hub-Signature-256 (sha256= and the hex HMAC-SHA256 of the raw body with the AppSecret). Each status updates " +
                "the providerStatus of the message sent with that id (sent, delivered, read, failed), never backwards. No API key. " +
                "200: taken, empty body. 400: the body is not JSON. 401: the signature does not check out; nothing changed. " +
                "413: the body is over 1 MiB.")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithRequestExample(SupportExamples.WhatsAppNotification);
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
