using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process on a free loopback port: it keeps every message it accepts, counts the
/// sessions (connections) it served, and answers DATA with <see cref="Reply"/>, so a test can make it refuse with a 4xx or 5xx.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private int sessions;

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new KeepingStore(this));
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref sessions);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public int Sessions => sessions;

    /// <summary>The answer to each message's data; 250 unless a test says otherwise.</summary>
    public SmtpResponse Reply { get; set; } = SmtpResponse.Ok;

    /// <summary>This server as entry <paramref name="index"/> of the e-mail provider list, in plain text.</summary>
    public Dictionary<string, string?> Settings(int index, string name) => SettingsFor(Port, index, name);

    /// <summary>An SMTP server on <paramref name="port"/> of the loopback as entry <paramref name="index"/> of the e-mail provider list.</summary>
    public static Dictionary<string, string?> SettingsFor(int port, int index, string name) => new()
    {
        [$"Channels:Email:Providers:{index}:Type"] = "Smtp",
        [$"Channels:Email:Providers:{index}:Name"] = name,
        [$"Channels:Email:Providers:{index}:Host"] = "127.0.0.1",
        [$"Channels:Email:Providers:{index}:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Channels:Email:Providers:{index}:Security"] = "None",
        [$"Channels:Email:Providers:{index}:From"] = "Shop <noreply@example.com>",
    };

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer(FreePorts.Take());
        await Eventually.True(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the SMTP server to listen");
        // The probe was a session too; tests count from here.
        await Eventually.True(() => server.Sessions == 1, TimeSpan.FromSeconds(5), "the probe's session");
        Interlocked.Exchange(ref server.sessions, 0);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }

    private sealed class KeepingStore(SmtpTestServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var reply = server.Reply;
            if (reply.ReplyCode == SmtpReplyCode.Ok)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                server.Messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            }
            return Task.FromResult(reply);
        }
    }
}
