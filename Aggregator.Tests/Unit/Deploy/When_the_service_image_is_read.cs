using System.Text.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>deploy/Dockerfile, which no development machine can build (no Docker engine), read for what the running container does.</summary>
public class When_the_service_image_is_read
{
    // Urls, not ASPNETCORE_URLS: appsettings.json's localhost-only Urls outranks the ASPNETCORE_ prefixed variables.
    private const string UrlsFromPort = @"(^|[\s;&])Urls=\\?""?http://\+:\$\{?PORT\}?";

    private readonly IReadOnlyList<DockerfileInstruction> finalStage = ServiceImage.FinalStage();

    private string Last(string keyword) => finalStage.LastOrDefault(instruction => instruction.Keyword == keyword)?.Arguments ?? "";

    [Test]
    public void Should_run_the_service_as_an_unprivileged_user() =>
        Assert.That(Last("USER"), Is.Not.Empty.And.Not.AnyOf("root", "0", "0:0", "root:root"));

    [Test]
    public void Should_listen_on_PORT_and_ask_PORT_for_health() => Assert.Multiple(() =>
    {
        Assert.That(Last("ENTRYPOINT"), Does.Match(UrlsFromPort));
        Assert.That(Last("HEALTHCHECK"), Does.Match(@"https?://localhost:\$\{?PORT\}?/health"));
        // Without a default the health check asks an empty port wherever PORT is not set.
        Assert.That(finalStage.Where(instruction => instruction.Keyword == "ENV").Select(instruction => instruction.Arguments),
            Has.Some.Match(@"(^|\s)PORT=[0-9]+"));
    });

    [Test]
    public void Should_hold_no_password() =>
        Assert.That(RepositoryFiles.ReadText("deploy/Dockerfile"), Does.Not.Contain("password").IgnoreCase);

    [Test]
    public void Should_leave_secrets_git_and_build_output_out_of_the_build_context() =>
        Assert.That(RepositoryFiles.ReadText(".dockerignore").Split('\n').Select(line => line.Trim()),
            Is.SupersetOf(new[] { ".env", ".git/", "**/bin/", "**/obj/", "**/node_modules/", ".state/", "bench-results/" }));

    [Test]
    public void Should_build_with_the_sdk_global_json_pins()
    {
        using var globalJson = JsonDocument.Parse(RepositoryFiles.ReadText("global.json"));
        var sdk = globalJson.RootElement.GetProperty("sdk");
        var version = sdk.GetProperty("version").GetString()!;
        var build = ServiceImage.All().First(instruction => instruction.Keyword == "FROM").Arguments;
        Assert.Multiple(() =>
        {
            // An exact SDK (major.minor.patch), and any later patch or feature band of the same major and minor.
            Assert.That(version, Does.Match(@"^[0-9]+\.[0-9]+\.[0-9]{3}$"));
            Assert.That(sdk.GetProperty("rollForward").GetString(), Is.EqualTo("latestFeature"));
            Assert.That(build, Does.Contain($"/dotnet/sdk:{string.Join('.', version.Split('.').Take(2))}"), "the image builds with another SDK");
        });
    }
}
