using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>
/// Open, authenticated SMTP connections reused across messages: a connection costs a TCP handshake, TLS and AUTH, a
/// message on an open one a few round trips. At most <see cref="SmtpOptions.PoolSize"/> are in use at once; one that
/// failed is closed, never reused, and one that sat idle is checked with NOOP first, because servers drop idle ones.
/// </summary>
public sealed class SmtpConnectionPool(SmtpOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan TrustedIdle = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim slots = new(options.PoolSize, options.PoolSize);
    private readonly ConcurrentStack<(SmtpClient Client, DateTimeOffset IdleSince)> idle = new();

    /// <summary>How many connections were opened (the rest of the sends reused one).</summary>
    public int Opened => opened;

    private int opened;

    public async Task<T> UseAsync<T>(Func<SmtpClient, Task<T>> work, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        try
        {
            client = await TakeAsync(cancellationToken);
            var result = await work(client);
            idle.Push((client, clock.GetUtcNow()));
            client = null;
            return result;
        }
        finally
        {
            client?.Dispose();
            slots.Release();
        }
    }

    private async Task<SmtpClient> TakeAsync(CancellationToken cancellationToken)
    {
        while (idle.TryPop(out var kept))
        {
            if (kept.Client.IsConnected && (clock.GetUtcNow() - kept.IdleSince < TrustedIdle || await AnswersAsync(kept.Client, cancellationToken)))
            {
                return kept.Client;
            }
            kept.Client.Dispose();
        }
        return await OpenAsync(cancellationToken);
    }

    private static async Task<bool> AnswersAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, options.Password!, cancellationToken);
            }
            Interlocked.Increment(ref opened);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (idle.TryPop(out var kept))
        {
            kept.Client.Dispose();
        }
        slots.Dispose();
    }
}
