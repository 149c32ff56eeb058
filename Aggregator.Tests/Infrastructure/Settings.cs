namespace Aggregator.Tests.Infrastructure;

public static class Settings
{
    /// <summary>Several groups of settings as one; a later group wins on the same key.</summary>
    public static Dictionary<string, string?> Of(params IEnumerable<KeyValuePair<string, string?>>[] groups)
    {
        var all = new Dictionary<string, string?>();
        foreach (var (key, value) in groups.SelectMany(g => g))
        {
            all[key] = value;
        }
        return all;
    }
}
