using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Posts one signed try to a receiver over the webhooks' own HTTP client (<see cref="WebhookHttpClient"/>): no
/// redirect followed, bounded by <c>Webhooks:Timeout</c>, at most a few KiB of the answer read.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options)
{
    private const int AnswerBytesRead = 4 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<WebhookTry> PostAsync(string url, string secret, DeliverWebhook delivery, DateTimeOffset triedAt, CancellationToken cancellationToken)
    {
        var signature = WebhookSignature.Sign(secret, delivery.EventId, triedAt, delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body)) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add(WebhookSignature.IdHeader, signature.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, signature.Timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, signature.Signature);
        using var client = clients.CreateClient(WebhookHttpClient.Name);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await SkimAsync(response, cancellationToken);
            return WebhookTry.Answered((int)response.StatusCode);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookTry.Unanswered($"no answer within {options.Value.Timeout}");
        }
        catch (HttpRequestException exception)
        {
            return WebhookTry.Unanswered(exception.InnerException is WebhookAddressRefusedException refused
                ? $"refused: {refused.Message}"
                : $"could not be reached: {exception.Message}");
        }
    }

    /// <summary>Reads a little of the answer, so a receiver that streams for ever costs nothing; what it said is not kept.</summary>
    private async Task SkimAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            await using var answer = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[AnswerBytesRead];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await answer.ReadAsync(buffer.AsMemory(total), timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The status code is the answer; a body cut short changes nothing.
        }
    }
}
