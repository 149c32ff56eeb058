using System.ComponentModel.DataAnnotations;
using Aggregator.Contracts;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// A channel's providers in the order they are tried, read from <c>Channels:&lt;Channel&gt;:Providers:N</c>, each entry
/// bound to its type's options and checked. What is wrong is collected in <see cref="Problems"/>, each naming the
/// setting, so that start-up fails with every mistake at once.
/// </summary>
public sealed class ChannelProviderList
{
    public List<ProviderOptions> Providers { get; } = [];

    public List<string> Problems { get; } = [];

    public static void Read(ChannelProviderList list, IConfiguration configuration, MessageChannel channel)
    {
        var section = configuration.GetSection($"{ChannelOptions.Section}:{channel}:Providers");
        foreach (var entry in section.GetChildren().OrderBy(e => int.TryParse(e.Key, out var n) ? n : int.MaxValue))
        {
            var path = entry.Path;
            var typeName = entry["Type"];
            if (string.IsNullOrWhiteSpace(typeName))
            {
                list.Problems.Add($"{path}:Type is missing; one of {string.Join(", ", ProviderTypes.All.Select(t => t.Name))}.");
                continue;
            }
            var type = ProviderTypes.Find(typeName);
            if (type is null || !type.Channels.Contains(channel))
            {
                var fitting = ProviderTypes.All.Where(t => t.Channels.Contains(channel)).Select(t => t.Name);
                list.Problems.Add($"{path}:Type '{typeName}' is not a provider of the {channel} channel; one of {string.Join(", ", fitting)}.");
                continue;
            }
            var options = (ProviderOptions)Activator.CreateInstance(type.OptionsType)!;
            try
            {
                entry.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException unreadable)
            {
                list.Problems.Add($"{path}: {unreadable.Message}");
                continue;
            }
            options.Type = type.Name;
            options.Name = string.IsNullOrEmpty(options.Name) ? $"{type.Name.ToLowerInvariant()}-{entry.Key}" : options.Name;
            list.Problems.AddRange(Check(options).Concat(Check(options.CircuitBreaker)).Select(problem => $"{path}: {problem}"));
            if (list.Providers.Any(p => p.Name == options.Name))
            {
                list.Problems.Add($"{path}:Name '{options.Name}' is used twice in {channel}'s providers.");
            }
            list.Providers.Add(options);
        }
    }

    private static IEnumerable<string> Check(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? $"{string.Join(", ", r.MemberNames)} is not valid.");
    }
}

/// <summary>Fails the start-up on a provider list with problems (ValidateOnStart), naming each.</summary>
public sealed class ChannelProviderListValidation : IValidateOptions<ChannelProviderList>
{
    public ValidateOptionsResult Validate(string? name, ChannelProviderList options) =>
        options.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Problems);
}
