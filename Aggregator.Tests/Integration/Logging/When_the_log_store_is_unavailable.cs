using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>
/// PostgreSQL goes away and comes back while lines keep arriving; the shared server is never touched: the Logging
/// service reaches it through a forwarder this spec cuts and restores.
/// </summary>
[Category("Integration")]
public class When_the_log_store_is_unavailable
{
    /// <summary>
    /// A TCP forwarder that can be cut (listener closed, every connection reset) and restored on the same port.
    /// Kept minimal and private on purpose: a general fault proxy is being written elsewhere; switch to it once it lands.
    /// </summary>
    private sealed class CuttableForwarder(string targetHost, int targetPort, int port) : IDisposable
    {
        private readonly ConcurrentBag<TcpClient> connections = [];
        private TcpListener? listener;

        public int Port => port;

        public static CuttableForwarder Start(string targetHost, int targetPort)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var forwarder = new CuttableForwarder(targetHost, targetPort, port);
            forwarder.Restore();
            return forwarder;
        }

        public void Restore()
        {
            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener);
        }

        public void Cut()
        {
            listener?.Stop();
            while (connections.TryTake(out var connection))
            {
                // A reset, not a goodbye: the service must see its connections break, as when a server dies.
                connection.Client?.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }
        }

        public void Dispose() => Cut();

        private async Task AcceptAsync(TcpListener accepting)
        {
            while (true)
            {
                TcpClient? inbound = null;
                if (!await Quietly(async () => inbound = await accepting.AcceptTcpClientAsync()))
                {
                    return;
                }
                var outbound = new TcpClient();
                connections.Add(inbound!);
                connections.Add(outbound);
                if (await Quietly(() => outbound.ConnectAsync(targetHost, targetPort)))
                {
                    _ = PumpAsync(inbound!, outbound);
                    _ = PumpAsync(outbound, inbound!);
                }
            }
        }

        private static async Task PumpAsync(TcpClient from, TcpClient to)
        {
            await Quietly(() => from.GetStream().CopyToAsync(to.GetStream()));
            from.Dispose();
            to.Dispose();
        }

        /// <summary>A cut connection fails in the middle of whatever it was doing; that is the point, not an error.</summary>
        private static async Task<bool> Quietly(Func<Task> work)
        {
            try
            {
                await work();
                return true;
            }
            catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    private static object Line(string traceId, int number) => new
    {
        timestamp = DateTimeOffset.UtcNow,
        level = "Information",
        service = "router",
        message = $"line {number}",
        traceId,
    };

    private static async Task<JsonElement> HealthWhenAsync(HttpClient client, string logStoreStatus) =>
        await Eventually.Get(async () =>
        {
            var health = await (await client.GetAsync("/health")).JsonAsync();
            return (health.GetProperty("entries").GetProperty("log-store").GetProperty("status").GetString() == logStoreStatus, health);
        }, TimeSpan.FromSeconds(20), $"/health to report the log store {logStoreStatus}");

    [Test]
    public async Task Should_keep_every_line_sent_meanwhile_answer_503_once_the_queue_is_full_and_store_them_all_afterwards()
    {
        using var postgres = CuttableForwarder.Start(TestServers.Host, 5432);
        var throughForwarder = new NpgsqlConnectionStringBuilder(TestServers.Postgres(TestRun.LoggingDatabase)) { Host = "127.0.0.1", Port = postgres.Port }.ConnectionString;
        using var logging = Services.Logging(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Logging"] = throughForwarder,
            ["LogStore:QueueCapacity"] = "100",
            ["LogStore:BatchSize"] = "10",
            ["LogStore:RetryPauseLimit"] = "00:00:00.500",
        });
        using var client = logging.CreateClient();
        var traceId = LoggingApi.NewTraceId();

        postgres.Cut();
        var accepted = 0;
        HttpResponseMessage? full = null;
        for (var batch = 0; batch < 20 && full is null; batch++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/logs", Enumerable.Range(batch * 10, 10).Select(i => Line(traceId, i)).ToArray());
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted += 10;
            }
            else
            {
                full = response;
            }
        }
        await logging.Services.GetRequiredService<IBus>().Publish(new LogEntriesShipped
        {
            Entries = [new LogEntry { Timestamp = DateTimeOffset.UtcNow, Level = "Information", Service = "delivery", Message = "shipped while full", TraceId = traceId }],
        });
        var duringOutage = await HealthWhenAsync(client, "Unhealthy");
        postgres.Restore();
        var stored = await client.SearchLogsAsync($"traceId={traceId}&limit=1000", accepted + 1, TimeSpan.FromSeconds(30));
        await HealthWhenAsync(client, "Healthy");

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(100), "the queue takes LogStore:QueueCapacity lines while the store is away");
            Assert.That(full?.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(full?.Headers.RetryAfter, Is.Not.Null);
            Assert.That(duringOutage.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()),
                Is.EquivalentTo(Enumerable.Range(0, accepted).Select(i => $"line {i}").Append("shipped while full")), "each once, the shipped batch too");
        });
    }
}
