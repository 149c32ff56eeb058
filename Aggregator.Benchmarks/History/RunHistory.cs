using System.Text.Json;

namespace Aggregator.Benchmarks.History;

/// <summary>The runs so far, one JSON line each, oldest first.</summary>
public sealed class RunHistory(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // The priority phase reports NaN when its message never arrives; that must not lose the whole line.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Path { get; } = path;

    /// <summary>The latest run on <paramref name="machine"/>; lines that do not read as a run (hand edits, a cut-off write) are passed over.</summary>
    public HistoryEntry? PreviousOn(BenchMachine machine) =>
        File.Exists(Path) ? File.ReadLines(Path).Select(Read).LastOrDefault(e => e?.Machine is { } m && m.IsSameAs(machine)) : null;

    public async Task AppendAsync(HistoryEntry entry)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        await File.AppendAllTextAsync(Path, JsonSerializer.Serialize(entry, Json) + "\n");
    }

    private static HistoryEntry? Read(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<HistoryEntry>(line, Json) is { Figures: not null, Commit: not null } entry ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
