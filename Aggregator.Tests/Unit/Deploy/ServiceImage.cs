using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>One instruction of a Dockerfile: its keyword in capitals and the rest of its (joined) lines.</summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments);

/// <summary>deploy/Dockerfile, the recipe of the three services' image, read instruction by instruction.</summary>
public static class ServiceImage
{
    /// <summary>Every instruction of every stage, in order.</summary>
    public static IReadOnlyList<DockerfileInstruction> All() => Instructions(RepositoryFiles.ReadText("deploy/Dockerfile"));

    /// <summary>The instructions after the last FROM: what the running container is made of.</summary>
    public static IReadOnlyList<DockerfileInstruction> FinalStage()
    {
        var instructions = Instructions(RepositoryFiles.ReadText("deploy/Dockerfile"));
        var lastFrom = instructions.FindLastIndex(instruction => instruction.Keyword == "FROM");
        return instructions[(lastFrom + 1)..];
    }

    private static List<DockerfileInstruction> Instructions(string dockerfile)
    {
        var instructions = new List<DockerfileInstruction>();
        var pending = "";
        foreach (var line in dockerfile.Split('\n').Select(line => line.TrimEnd()))
        {
            if (line.TrimStart().StartsWith('#') || (pending.Length == 0 && line.Length == 0))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            var parts = whole.Split(' ', 2);
            instructions.Add(new DockerfileInstruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : ""));
        }
        return instructions;
    }
}
