using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Aggregator.Router.Apis;

/// <summary>
/// A problem-details answer whose status is part of its type, so that an endpoint's <c>Results&lt;…&gt;</c> tells
/// OpenAPI every status it can answer; <see cref="ProblemHttpResult"/> leaves its status to run time.
/// </summary>
public sealed class StatusProblem<TStatus> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>
    where TStatus : IProblemStatus
{
    private readonly ProblemHttpResult problem;

    public StatusProblem(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        problem = TypedResults.Problem(title: title, detail: detail, statusCode: TStatus.StatusCode, extensions: extensions);

    public int? StatusCode => TStatus.StatusCode;

    public ProblemDetails Value => problem.ProblemDetails;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.StatusCode, typeof(ProblemDetails), ["application/problem+json"]));
}
