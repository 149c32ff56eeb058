using System.Diagnostics;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Stops and starts the local broker for outage tests.</summary>
public static class RabbitMq
{
    public static async Task CtlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", ["-q", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"rabbitmqctl {command}: {await process.StandardError.ReadToEndAsync()}");
    }
}
