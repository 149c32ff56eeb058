using System.ComponentModel;
using System.Diagnostics;

namespace Aggregator.Benchmarks.History;

/// <summary>The commit the benchmark was built from, "-dirty" when the working tree had changes, or "unknown" without git.</summary>
public static class SourceCommit
{
    public static async Task<string> DescribeAsync(string directory)
    {
        var head = await GitAsync(directory, "rev-parse", "--short", "HEAD");
        if (string.IsNullOrEmpty(head))
        {
            return "unknown";
        }
        var changes = await GitAsync(directory, "status", "--porcelain");
        return changes is null or "" ? head : $"{head}-dirty";
    }

    private static async Task<string?> GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            await git.StandardError.ReadToEndAsync();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? (await output).Trim() : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
