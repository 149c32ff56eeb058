using Aggregator.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Aggregator.Tests.Integration.EndToEnd;

/// <summary>
/// The trace page in a real headless browser (Debian's Chromium driven by Playwright): a person pastes the id of
/// a message that really went through Router and Delivery and sees both services' lines in order.
/// </summary>
[Category("Integration")]
public class When_support_staff_open_the_trace_page
{
    [Test]
    public async Task Should_show_the_router_and_delivery_entries_of_a_message_in_order()
    {
        using var logging = new LoggingHost();
        logging.UseKestrel(0);
        logging.StartServer();
        var page = logging.ClientOptions.BaseAddress;
        var shipping = new Dictionary<string, string?>
        {
            ["LogShipping:Url"] = page.ToString(),
            ["LogShipping:Period"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        using var delivery = new DeliveryHost(shipping);
        using var router = new RouterHost(shipping);
        using var deliveryClient = delivery.CreateClient();
        using var routerClient = router.CreateClient();
        using var loggingClient = new HttpClient { BaseAddress = page };

        var messageId = await routerClient.SubmitAsync(SampleMessages.Email());
        await deliveryClient.WaitForStateAsync(messageId, "Delivered", TimeSpan.FromSeconds(30));
        await Eventually.Get(async () =>
        {
            var items = (await (await loggingClient.GetAsync($"/api/v1/logs?messageId={messageId}")).JsonAsync()).GetProperty("items");
            return (items.EnumerateArray().Any(e => e.GetProperty("message").GetString()!.Contains("-> Delivered")), true);
        }, TimeSpan.FromSeconds(30), "the delivery's lines to reach the Logging service");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(page.ToString());
        await tab.FillAsync("#id", messageId.ToString());
        await tab.ClickAsync("#lookup button");
        await tab.Locator("#timeline li[data-service=delivery]").First.WaitForAsync();

        var rows = await tab.Locator("#timeline li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.service + ' ' + r.querySelector('.message').textContent)");
        var accepted = Array.FindIndex(rows, r => r.StartsWith("router Accepted", StringComparison.Ordinal));
        var delivered = Array.FindIndex(rows, r => r.StartsWith("delivery", StringComparison.Ordinal) && r.Contains("-> Delivered"));
        Assert.Multiple(async () =>
        {
            Assert.That(accepted, Is.GreaterThanOrEqualTo(0), string.Join("\n", rows));
            Assert.That(delivered, Is.GreaterThan(accepted), string.Join("\n", rows));
            Assert.That(await tab.Locator("#summary").TextContentAsync(), Does.Contain("router").And.Contain("delivery"));
        });
    }

    [Test]
    public async Task Should_ask_for_a_key_once_where_the_service_has_keys_and_keep_it_for_the_session()
    {
        using var logging = new LoggingHost(TestApiKeys.Settings(("reader", [ServiceDefaults.Security.Roles.LogsRead]), ("writer", [ServiceDefaults.Security.Roles.LogsWrite])));
        logging.UseKestrel(0);
        logging.StartServer();
        var page = logging.ClientOptions.BaseAddress;
        using var writer = new HttpClient { BaseAddress = page };
        writer.DefaultRequestHeaders.Add(Aggregator.ServiceDefaults.Security.ApiKeyRing.Header, TestApiKeys.Secret("writer"));
        var traceId = LoggingApi.NewTraceId();
        (await writer.PostAsync("/api/v1/logs", System.Net.Http.Json.JsonContent.Create(new[]
        {
            new { timestamp = DateTimeOffset.UtcNow, level = "Information", service = "router", message = "Accepted behind a key", traceId },
        }))).EnsureSuccessStatusCode();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(page.ToString());
        await tab.FillAsync("#id", traceId);
        await tab.ClickAsync("#lookup button");
        await tab.Locator("#key").WaitForAsync();
        var asked = await tab.Locator("#status").TextContentAsync();
        await tab.FillAsync("#api-key", TestApiKeys.Secret("writer"));
        await tab.ClickAsync("#key button");
        await tab.Locator("#status", new() { HasTextString = "logs-read" }).WaitForAsync();
        await tab.FillAsync("#api-key", TestApiKeys.Secret("reader"));
        await tab.ClickAsync("#key button");
        await tab.Locator("#timeline li").First.WaitForAsync();
        await tab.ReloadAsync();
        await tab.FillAsync("#id", traceId);
        await tab.ClickAsync("#lookup button");
        await tab.Locator("#timeline li").First.WaitForAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(asked, Does.Contain("needs an API key"));
            Assert.That(await tab.Locator("#key").IsHiddenAsync(), Is.True, "the key is kept for the session: not asked again after a reload");
            Assert.That(await tab.Locator("#timeline li .message").First.TextContentAsync(), Is.EqualTo("Accepted behind a key"));
        });
    }
}
