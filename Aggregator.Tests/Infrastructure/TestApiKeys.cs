using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Tests.Infrastructure;

/// <summary>API keys for specs: each named key's secret is made from its name, and only its hash is configured.</summary>
public static class TestApiKeys
{
    public static string Secret(string name) => $"secret-key-of-{name}";

    /// <summary><c>Security:ApiKeys</c> settings for the keys, each with its roles.</summary>
    public static Dictionary<string, string?> Settings(params (string Name, string[] Roles)[] keys)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var ((name, roles), index) in keys.Select((key, index) => (key, index)))
        {
            settings[$"Security:ApiKeys:{index}:Name"] = name;
            settings[$"Security:ApiKeys:{index}:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret(name))));
            foreach (var (role, roleIndex) in roles.Select((role, roleIndex) => (role, roleIndex)))
            {
                settings[$"Security:ApiKeys:{index}:Roles:{roleIndex}"] = role;
            }
        }
        return settings;
    }

    public static HttpRequestMessage With(this HttpRequestMessage request, string? keyName)
    {
        if (keyName is not null)
        {
            request.Headers.Add(Aggregator.ServiceDefaults.Security.ApiKeyRing.Header, Secret(keyName));
        }
        return request;
    }

    /// <summary>A client of <paramref name="host"/> that sends the key of <paramref name="keyName"/> with every request.</summary>
    public static HttpClient CreateClient(this IServiceUnderTest host, string keyName)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(Aggregator.ServiceDefaults.Security.ApiKeyRing.Header, Secret(keyName));
        return client;
    }
}
