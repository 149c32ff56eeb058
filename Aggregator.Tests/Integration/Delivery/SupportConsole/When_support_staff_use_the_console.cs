using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aggregator.Tests.Integration.Delivery.SupportConsole;

/// <summary>
/// The support console (<c>GET /</c> on Delivery) in a real headless browser (Debian's Chromium driven by Playwright)
/// on a laptop-sized screen: messages put on the bus as the Router would, then listed, filtered, paged, opened,
/// redriven and cancelled through the page. Each spec lists only what it submitted (<c>?since=</c> its start).
/// Screenshots of every state land in <c>/tmp/console-shots/</c>.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_support_staff_use_the_console
{
    private const string Shots = "/tmp/console-shots";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DeliveryHost delivery = null!;
    private HttpClient api = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        Directory.CreateDirectory(Shots);
        SetDefaultExpectTimeout(15_000);
        delivery = new DeliveryHost(new Dictionary<string, string?> { ["Logging:PublicUrl"] = "http://traces.example:4000/" });
        delivery.UseKestrel(0);
        delivery.StartServer();
        api = new HttpClient { BaseAddress = delivery.ClientOptions.BaseAddress };
        playwright = await Playwright.CreateAsync();
        browser = await HeadlessChromium.LaunchAsync(playwright);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        api.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_count_list_and_filter_messages_by_state_and_channel()
    {
        var since = DateTimeOffset.UtcNow;
        var delivered = await Submit(MessageChannel.Email, null, 1);
        var failed = await Submit(MessageChannel.Sms, "fail-permanent", 2);
        var scheduled = await Submit(MessageChannel.Whatsapp, null, 3, sendAt: DateTimeOffset.UtcNow.AddMinutes(5));
        await api.WaitForStateAsync(delivered, "Delivered", Patience);
        await api.WaitForStateAsync(failed, "Failed", Patience);
        await api.WaitForStateAsync(scheduled, "Scheduled", Patience);
        var tab = await OpenAsync($"?since={Uri.EscapeDataString(since.ToString("O"))}");

        await Expect(Rows(tab)).ToHaveCountAsync(3);
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync([scheduled.ToString(), failed.ToString(), delivered.ToString()]);
        await Expect(tab.Locator("#counts .count[data-state=Delivered] .n")).ToHaveTextAsync("1");
        await Expect(tab.Locator("#counts .count[data-state=Failed] .n")).ToHaveTextAsync("1");
        await Expect(tab.Locator("#counts .count[data-state=Scheduled] .n")).ToHaveTextAsync("1");
        await Expect(tab.Locator("#counts .count[data-state=Processing] .n")).ToHaveTextAsync("0");
        await Expect(tab.Locator("#counts .count[data-state=''] .n")).ToHaveTextAsync("3");
        await Shoot(tab, "list");

        await tab.SelectOptionAsync("#state", "Failed");
        await tab.ClickAsync("#filters button[type=submit]");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync([failed.ToString()]);
        await Expect(tab.Locator("#counts .count.active")).ToHaveAttributeAsync("data-state", "Failed");
        await Shoot(tab, "filtered-by-state");

        await tab.SelectOptionAsync("#state", "");
        await tab.SelectOptionAsync("#channel", "email");
        await tab.ClickAsync("#filters button[type=submit]");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync([delivered.ToString()]);
        await Expect(tab.Locator("#counts .count[data-state=''] .n")).ToHaveTextAsync("1");
        Assert.That(tab.Url, Does.Contain("channel=email"), "the filters stay in the address, so a reload or a shared link keeps them");

        await tab.ClickAsync("#counts .count[data-state=Scheduled]");
        await Expect(tab.Locator("#status")).ToHaveTextAsync("No messages match these filters.");
        await Expect(tab.Locator("#messages")).ToBeHiddenAsync();
        await Shoot(tab, "empty");
    }

    [Test]
    public async Task Should_page_to_older_messages_and_back_to_the_newest()
    {
        var since = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Submit(MessageChannel.Sms, null, i));
        }
        foreach (var id in ids)
        {
            await api.WaitForStateAsync(id, "Delivered", Patience);
        }
        var newestFirst = ids.AsEnumerable().Reverse().Select(id => id.ToString()).ToArray();
        var tab = await OpenAsync($"?limit=2&since={Uri.EscapeDataString(since.ToString("O"))}");

        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync(newestFirst[..2]);
        await Expect(tab.Locator("#newest")).ToBeDisabledAsync();
        await tab.ClickAsync("#older");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync(newestFirst[2..4]);
        await Expect(tab.Locator("#page-number")).ToHaveTextAsync("Page 2");
        await Shoot(tab, "paging");
        await tab.ClickAsync("#older");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync(newestFirst[4..]);
        await Expect(tab.Locator("#older")).ToBeDisabledAsync();
        await tab.ClickAsync("#newest");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync(newestFirst[..2]);
        await Expect(tab.Locator("#older")).ToBeEnabledAsync();
    }

    [Test]
    public async Task Should_show_a_message_with_its_attempt_history_and_a_link_to_its_trace()
    {
        var since = DateTimeOffset.UtcNow;
        var message = DeliveryHarness.Message(MessageChannel.Sms, "fail-times:1", $"Twice {Guid.NewGuid():N}") with { SubmittedAt = since.AddMilliseconds(1) };
        await delivery.SubmitDirectAsync(message);
        await api.WaitForStateAsync(message.MessageId, "Delivered", Patience);
        var tab = await OpenAsync($"?since={Uri.EscapeDataString(since.ToString("O"))}");

        await Rows(tab).First.ClickAsync();
        var attempts = tab.Locator("#attempts li.attempt");
        await Expect(attempts).ToHaveCountAsync(2);
        await Expect(tab.Locator("#detail-title .state")).ToHaveTextAsync("Delivered");
        await Expect(attempts.Nth(0).Locator(".outcome")).ToHaveTextAsync("FailedTransiently");
        await Expect(attempts.Nth(0).Locator(".error")).Not.ToBeEmptyAsync();
        await Expect(attempts.Nth(0).Locator(".tried li")).ToContainTextAsync(["FailedTransiently"]);
        await Expect(attempts.Nth(1).Locator(".outcome")).ToHaveTextAsync("Succeeded");
        await Expect(attempts.Nth(1).Locator(".duration")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ ms$"));
        await Expect(tab.Locator("dd[data-field=Recipient]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\+1\*+\d{4}$"));
        await Expect(tab.Locator("dd[data-field=Attempts]")).ToHaveTextAsync("2");
        await Expect(tab.Locator("a.trace")).ToHaveAttributeAsync("href", $"http://traces.example:4000/#{message.TraceId}");
        await Expect(tab.Locator("#redrive")).ToBeHiddenAsync();
        await Expect(tab.Locator("#cancel")).ToBeHiddenAsync();
        await Shoot(tab, "detail");
    }

    [Test]
    public async Task Should_redrive_a_failed_message_and_show_the_audit()
    {
        var since = DateTimeOffset.UtcNow;
        var failed = await Submit(MessageChannel.Email, "fail-permanent", 1);
        await api.WaitForStateAsync(failed, "Failed", Patience);
        var tab = await OpenAsync($"?since={Uri.EscapeDataString(since.ToString("O"))}");

        await Rows(tab).First.ClickAsync();
        await Expect(tab.Locator("#cancel")).ToBeHiddenAsync();
        await tab.ClickAsync("#redrive");
        await Expect(tab.Locator("#action-result")).ToContainTextAsync("Accepted (202)");
        await Expect(tab.Locator("#audit li")).ToContainTextAsync(["redrive by anonymous from Failed"]);
        await Expect(tab.Locator("#attempts li.attempt")).ToHaveCountAsync(2);
        await Shoot(tab, "redriven");
    }

    [Test]
    public async Task Should_cancel_a_scheduled_message_and_refuse_a_second_cancel()
    {
        var since = DateTimeOffset.UtcNow;
        var scheduled = await Submit(MessageChannel.Whatsapp, null, 1, sendAt: DateTimeOffset.UtcNow.AddMinutes(1));
        await api.WaitForStateAsync(scheduled, "Scheduled", Patience);
        var tab = await OpenAsync($"?since={Uri.EscapeDataString(since.ToString("O"))}");

        await Rows(tab).First.ClickAsync();
        await Expect(tab.Locator("#redrive")).ToBeHiddenAsync();
        await Shoot(tab, "scheduled");
        await tab.ClickAsync("#cancel");
        await Expect(tab.Locator("#action-result")).ToContainTextAsync("Accepted (202)");
        await Expect(tab.Locator("#detail-title .state")).ToHaveTextAsync("Cancelled");
        await Expect(tab.Locator("#cancel")).ToBeHiddenAsync();
        await Expect(tab.Locator("#audit li")).ToContainTextAsync(["cancel by anonymous from Scheduled"]);
        await Expect(Rows(tab).First.Locator(".state")).ToHaveTextAsync("Cancelled");
        await Shoot(tab, "cancelled");

        // A page opened before the cancel still offers it: the API's 409 is what the person sees.
        var stale = await OpenAsync($"?since={Uri.EscapeDataString(since.ToString("O"))}");
        await stale.RouteAsync("**/api/v1/messages/*", async route =>
        {
            if (route.Request.Method == "GET")
            {
                var response = await route.FetchAsync();
                var body = (await response.TextAsync()).Replace("\"state\":\"Cancelled\"", "\"state\":\"Scheduled\"");
                await route.FulfillAsync(new() { Response = response, Body = body });
                return;
            }
            await route.ContinueAsync();
        });
        await Rows(stale).First.ClickAsync();
        await stale.ClickAsync("#cancel");
        await Expect(stale.Locator("#action-result")).ToContainTextAsync("Refused (409): Only a Scheduled, Accepted or Retrying message can be cancelled.");
        await Shoot(stale, "cancel-refused");
    }

    [Test]
    public async Task Should_show_loading_then_say_when_the_api_cannot_be_reached_or_fails()
    {
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        var held = new TaskCompletionSource();
        await tab.RouteAsync("**/api/v1/messages?*", async route =>
        {
            await held.Task;
            await route.AbortAsync();
        });
        await tab.GotoAsync(delivery.ClientOptions.BaseAddress.ToString());
        await Expect(tab.Locator("#status.loading")).ToHaveTextAsync("Loading messages…");
        await Shoot(tab, "loading");
        held.SetResult();
        await Expect(tab.Locator("#status.error")).ToContainTextAsync("cannot be reached");
        await Shoot(tab, "unreachable");

        await tab.UnrouteAllAsync();
        await tab.RouteAsync("**/api/v1/messages?*", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"PostgreSQL is unavailable.","status":503}""",
        }));
        await tab.ClickAsync("#filters button[type=submit]");
        await Expect(tab.Locator("#status.error")).ToHaveTextAsync("The support API answered 503: PostgreSQL is unavailable. Try again in a moment.");
        await Expect(tab.Locator("#messages")).ToBeHiddenAsync();
        await Shoot(tab, "server-error");
    }

    [Test]
    public async Task Should_ask_for_a_key_once_keep_it_for_the_session_and_say_when_it_lacks_the_role()
    {
        using var guarded = new DeliveryHost(TestApiKeys.Settings(("support", [Roles.Support]), ("writer", [Roles.LogsWrite])));
        guarded.UseKestrel(0);
        guarded.StartServer();
        var since = DateTimeOffset.UtcNow;
        var failed = await guarded.SubmitDirectAsync(DeliveryHarness.Message(MessageChannel.Sms, "fail-permanent", $"Guarded {Guid.NewGuid():N}") with
        {
            SubmittedAt = since.AddMilliseconds(1),
        });
        using (var support = guarded.CreateClient("support"))
        {
            await support.WaitForStateAsync(failed, "Failed", Patience);
        }
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        var url = $"{guarded.ClientOptions.BaseAddress}?since={Uri.EscapeDataString(since.ToString("O"))}";
        await tab.GotoAsync(url);

        await Expect(tab.Locator("#key")).ToBeVisibleAsync();
        await Expect(tab.Locator("#status")).ToHaveTextAsync("This service needs an API key.");
        await Shoot(tab, "key-prompt");
        await tab.FillAsync("#api-key", TestApiKeys.Secret("writer"));
        await tab.ClickAsync("#key button");
        await Expect(tab.Locator("#status")).ToContainTextAsync("Your key lacks the role to read messages");
        await tab.FillAsync("#api-key", TestApiKeys.Secret("support"));
        await tab.ClickAsync("#key button");
        await Expect(Rows(tab).Locator("td.id")).ToHaveTextAsync([failed.ToString()]);

        await tab.ReloadAsync();
        await Expect(Rows(tab)).ToHaveCountAsync(1);
        await Expect(tab.Locator("#key")).ToBeHiddenAsync();
        await Rows(tab).First.ClickAsync();
        await tab.ClickAsync("#redrive");
        await Expect(tab.Locator("#action-result")).ToHaveTextAsync("Forbidden (403): your key lacks the role for this (redrive).");
        await Shoot(tab, "forbidden");
    }

    [Test]
    public async Task Should_show_data_as_text_never_as_markup()
    {
        const string markup = "<img src=x onerror=\"document.title='owned'\">";
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        await tab.RouteAsync("**/api/v1/messages?*", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = System.Text.Json.JsonSerializer.Serialize(new
            {
                items = new[]
                {
                    new { messageId = Guid.NewGuid(), channel = "email", recipient = markup, state = "Failed", attempts = 1, priority = "normal", createdAt = DateTimeOffset.UtcNow },
                },
                nextCursor = (string?)null,
            }),
        }));
        await tab.GotoAsync(delivery.ClientOptions.BaseAddress.ToString());

        await Expect(tab.Locator("#messages td.recipient")).ToHaveTextAsync(markup);
        await Expect(tab.Locator("#messages img")).ToHaveCountAsync(0);
        Assert.That(await tab.TitleAsync(), Is.EqualTo("Aggregator — support console"));
    }

    private async Task<Guid> Submit(MessageChannel channel, string? simulate, int order, DateTimeOffset? sendAt = null)
    {
        // SubmittedAt is the message's createdAt: spaced apart so newest-first is a known order.
        var message = DeliveryHarness.Message(channel, simulate, $"Console {order} {Guid.NewGuid():N}") with
        {
            SubmittedAt = DateTimeOffset.UtcNow.AddMilliseconds(order),
            SendAt = sendAt,
        };
        return await delivery.SubmitDirectAsync(message);
    }

    private async Task<IPage> OpenAsync(string query)
    {
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        await tab.GotoAsync($"{delivery.ClientOptions.BaseAddress}{query}");
        return tab;
    }

    private static ILocator Rows(IPage tab) => tab.Locator("#messages tbody tr");

    private static Task Shoot(IPage tab, string name) => tab.ScreenshotAsync(new() { Path = $"{Shots}/{name}.png" });
}
