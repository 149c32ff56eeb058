using System.Diagnostics;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The Delivery service as a real operating-system process, built by the same build as the tests, wired to the
/// run's vhost and database through the environment the test run set. Used where a test must kill it outright.
/// </summary>
public sealed class DeliveryProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private DeliveryProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        // Drain both pipes so a chatty process never blocks on a full buffer; keep the tail for failure reports.
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>The last lines the process wrote.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        while (output.Count > 100 && output.TryDequeue(out _))
        {
        }
    }

    public static DeliveryProcess Start()
    {
        // Tests run from <repo>/Aggregator.Tests/bin/<Configuration>/<framework>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.FullName;
        var directory = Path.Combine(repository, "Aggregator.Delivery", "bin", configuration, framework);
        var start = new ProcessStartInfo("dotnet", "Aggregator.Delivery.dll")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var address = new Uri($"http://127.0.0.1:{FreePorts.Take()}");
        start.Environment["Urls"] = address.ToString();
        start.Environment["Simulation__AllowDirectives"] = "true";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the Delivery service from {directory}.");
        return new DeliveryProcess(process, address);
    }

    /// <summary>Waits until the process answers /health with 200: its bus is started and its queues are bound.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Get(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Delivery process exited during start-up:{Environment.NewLine}{Output}");
            }
            try
            {
                return ((await client.GetAsync("/health")).IsSuccessStatusCode, true);
            }
            catch (HttpRequestException)
            {
                return (false, false);
            }
        }, TimeSpan.FromSeconds(60), "the Delivery process to be healthy");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing acknowledged that was not already.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }
}
