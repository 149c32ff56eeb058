namespace Aggregator.Tests.Infrastructure;

/// <summary>Files of the repository the tests were built from, found above the test binaries.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aggregator.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Aggregator.sln above {AppContext.BaseDirectory}.");
    }
}
