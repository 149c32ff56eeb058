using Microsoft.AspNetCore.Builder;

namespace Aggregator.ServiceDefaults.OpenApi;

/// <summary>Examples an endpoint carries into its service's OpenAPI document (<see cref="ApiDocumentExtensions"/>).</summary>
public static class ApiExampleExtensions
{
    /// <summary>An example of the request body, as JSON.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder endpoints, string json)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new RequestExample(json));

    /// <summary>An example of the body answered with <paramref name="status"/>, as JSON; on a group, for each of its endpoints.</summary>
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder endpoints, int status, string json)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new ResponseExample(status, json));
}

public sealed record RequestExample(string Json);

public sealed record ResponseExample(int Status, string Json);
