using System.ComponentModel.DataAnnotations;
using Aggregator.ServiceDefaults.Security;

namespace Aggregator.Tests.Unit.ServiceDefaults;

/// <summary>Key settings that would quietly grant the wrong thing stop the service at start-up, each named.</summary>
public class When_api_keys_are_configured
{
    private static readonly string Hash = new('a', 64);

    [Test]
    public void Should_take_distinct_names_and_hashes_with_known_roles() =>
        Assert.That(Errors(Key("shop", Hash, Roles.Submit), Key("ops", new string('b', 64), Roles.Redrive, Roles.Support)), Is.Empty);

    [Test]
    public void Should_refuse_the_name_of_callers_without_a_key() =>
        Assert.That(Errors(Key("anonymous", Hash, Roles.Submit)), Has.Some.Contains("reserved"));

    [Test]
    public void Should_refuse_two_names_for_one_key() =>
        Assert.That(Errors(Key("shop", Hash, Roles.Submit), Key("billing", Hash.ToUpperInvariant(), Roles.Submit)), Has.Some.Contains("same Sha256"));

    [Test]
    public void Should_refuse_a_repeated_name_a_missing_role_and_an_unknown_one() => Assert.That(
        Errors(Key("shop", Hash, Roles.Submit), Key("shop", new string('b', 64)), Key("ops", new string('c', 64), "admin")),
        Has.Some.Contains("more than once").And.Some.Contains("Roles must name").And.Some.Contains("not a role: admin"));

    private static ApiKeyEntry Key(string name, string sha256, params string[] roles) => new() { Name = name, Sha256 = sha256, Roles = [.. roles] };

    private static List<string?> Errors(params ApiKeyEntry[] keys)
    {
        var options = new ApiKeyOptions { ApiKeys = [.. keys] };
        return options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();
    }
}
