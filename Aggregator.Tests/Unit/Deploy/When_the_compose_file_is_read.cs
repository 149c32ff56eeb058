using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;
using Json.Schema;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>
/// No development machine has a Docker engine, so docker-compose.yml is checked here: against the Compose
/// Specification's schema (vendored in deploy/) and against the choices that keep the stack private and durable.
/// </summary>
public partial class When_the_compose_file_is_read
{
    // Runs once and exits; every other container is meant to stay up.
    private static readonly string[] OneShot = ["kibana-setup"];

    private readonly ComposeFile compose = ComposeFile.Read();

    private IEnumerable<KeyValuePair<string, JsonObject>> LongRunning => compose.Services.Where(service => !OneShot.Contains(service.Key));

    private IEnumerable<KeyValuePair<string, JsonObject>> Infrastructure => compose.Services.Where(service => !ComposeFile.IsBuiltHere(service.Value));

    [Test]
    public void Should_follow_the_compose_specification() =>
        Assert.That(SpecificationErrors(compose.Document), Is.Empty);

    [Test]
    public void Should_be_refused_by_the_specification_when_a_key_is_misspelt()
    {
        var misspelt = YamlAsJson.Parse("services:\n  redis:\n    image: redis:7\n    restrat: unless-stopped\n");
        Assert.That(SpecificationErrors(misspelt), Has.Some.StartsWith("/services/redis/restrat"));
    }

    [Test]
    public void Should_publish_infrastructure_ports_on_the_loopback_only()
    {
        var ports = Infrastructure.SelectMany(service => ComposeFile.Ports(service.Value).Select(port => (service.Key, port))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ports, Is.Not.Empty);
            Assert.That(ports.Where(published => published.port.HostIp != "127.0.0.1"), Is.Empty);
        });
    }

    [Test]
    public void Should_publish_the_services_on_the_loopback_only_while_they_have_no_api_keys()
    {
        // Without Security:ApiKeys every endpoint is open with every role; publishing beyond the host is a choice made with keys.
        var open = compose.Services.Where(service => ComposeFile.IsBuiltHere(service.Value)
                && !ComposeFile.Environment(service.Value).Keys.Any(key => key.StartsWith("Security__ApiKeys__", StringComparison.Ordinal)))
            .SelectMany(service => ComposeFile.Ports(service.Value).Select(port => (service.Key, port))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(open, Is.Not.Empty);
            Assert.That(open.Where(published => published.port.HostIp != "127.0.0.1"), Is.Empty);
        });
    }

    [Test]
    public void Should_take_every_password_from_the_environment_with_no_default()
    {
        var secretVariables = compose.Texts().SelectMany(text => VariableReference().Matches(text))
            .Where(reference => SecretName().IsMatch(reference.Groups["name"].Value));
        var secretSettings = compose.Services.SelectMany(service => ComposeFile.Environment(service.Value))
            .Where(variable => SecretName().IsMatch(variable.Key));
        var passwordsInText = compose.Texts().SelectMany(text => PasswordInConnectionString().Matches(text));
        Assert.Multiple(() =>
        {
            Assert.That(secretVariables.Where(reference => reference.Groups["operator"].Value != ":?").Select(reference => reference.Value), Is.Empty,
                "a secret variable with a default, or optional");
            Assert.That(secretSettings.Where(setting => !RequiredVariable().IsMatch(setting.Value)).Select(setting => setting.Key), Is.Empty,
                "a secret setting that is not exactly one required variable");
            Assert.That(passwordsInText.Where(password => !password.Groups["value"].Value.StartsWith("${", StringComparison.Ordinal)).Select(password => password.Value), Is.Empty,
                "a password written into a connection string");
            Assert.That(secretVariables, Is.Not.Empty);
        });
    }

    [Test]
    public void Should_name_every_required_variable_in_the_env_example_with_no_value_and_keep_env_out_of_git()
    {
        var required = compose.Texts().SelectMany(text => VariableReference().Matches(text))
            .Where(reference => reference.Groups["operator"].Value == ":?").Select(reference => reference.Groups["name"].Value).Distinct();
        var example = RepositoryFiles.ReadText(".env.example").Split('\n').Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')).Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        Assert.Multiple(() =>
        {
            Assert.That(example.Keys, Is.SupersetOf(required));
            Assert.That(example.Where(variable => SecretName().IsMatch(variable.Key) && variable.Value.Length > 0).Select(variable => variable.Key), Is.Empty,
                "a password committed in .env.example");
            Assert.That(Lines(".gitignore"), Does.Contain(".env"));
            Assert.That(Lines(".dockerignore"), Does.Contain(".env"));
        });
    }

    [Test]
    public void Should_restart_every_long_running_container_unless_stopped() => Assert.Multiple(() =>
    {
        Assert.That(LongRunning.Where(service => service.Value["restart"]?.ToString() != "unless-stopped").Select(service => service.Key), Is.Empty);
        Assert.That(OneShot.Select(name => compose.Services[name]["restart"]?.ToString()), Is.All.EqualTo("no"));
    });

    [Test]
    public void Should_give_every_long_running_container_a_health_check()
    {
        var imageChecksHealth = ServiceImage.FinalStage().Any(instruction => instruction.Keyword == "HEALTHCHECK" && instruction.Arguments != "NONE");
        Assert.That(LongRunning.Where(service => service.Value["healthcheck"]?["disable"]?.GetValue<bool>() == true
            || (ComposeFile.HealthCheck(service.Value) is null && !(ComposeFile.IsBuiltHere(service.Value) && imageChecksHealth)))
            .Select(service => service.Key), Is.Empty);
    }

    [Test]
    public void Should_check_each_service_on_the_port_it_listens_on()
    {
        var built = compose.Services.Where(service => ComposeFile.IsBuiltHere(service.Value)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(built.Select(service => service.Key), Is.EquivalentTo(new[] { "router", "delivery", "logging" }));
            foreach (var (name, service) in built)
            {
                var environment = ComposeFile.Environment(service);
                Assert.That(environment.GetValueOrDefault("PORT"), Is.Not.Null, $"{name} sets no PORT");
                Assert.That(ComposeFile.Ports(service).Select(port => port.Target), Is.All.EqualTo(environment.GetValueOrDefault("PORT")), name);
                // Either would make the service listen somewhere other than PORT, which its health check asks.
                Assert.That(environment.Keys, Has.None.EqualTo("Urls").IgnoreCase.And.None.EqualTo("ASPNETCORE_URLS").IgnoreCase, name);
                Assert.That(ComposeFile.HealthCheck(service), Is.Null, $"{name} replaces the image's health check");
            }
            foreach (var (name, service) in Infrastructure)
            {
                var asked = LocalPort().Matches(ComposeFile.HealthCheck(service) ?? "").Select(port => port.Groups["port"].Value);
                Assert.That(asked, Is.SubsetOf(ComposeFile.Ports(service).Select(port => port.Target)), name);
            }
        });
    }

    [TestCase("router", "rabbitmq", "redis")]
    [TestCase("delivery", "rabbitmq", "postgres")]
    [TestCase("logging", "rabbitmq", "postgres", "elasticsearch")]
    [TestCase("kibana", "elasticsearch")]
    public void Should_start_a_service_once_what_it_needs_is_healthy(string service, params string[] needs)
    {
        var dependsOn = compose.Services[service]["depends_on"]?.AsObject() ?? [];
        Assert.That(dependsOn.Where(dependency => dependency.Value?["condition"]?.ToString() == "service_healthy").Select(dependency => dependency.Key),
            Is.SupersetOf(needs));
    }

    [Test]
    public void Should_wait_only_for_containers_that_check_their_health()
    {
        // service_healthy on a container without a health check never starts the one that waits.
        var waited = compose.Services.SelectMany(service => (service.Value["depends_on"]?.AsObject() ?? [])
            .Where(dependency => dependency.Value?["condition"]?.ToString() == "service_healthy").Select(dependency => dependency.Key)).Distinct();
        Assert.That(waited.Where(name => ComposeFile.HealthCheck(compose.Services[name]) is null && !ComposeFile.IsBuiltHere(compose.Services[name])), Is.Empty);
    }

    [TestCase("rabbitmq", "check_port_connectivity")]
    [TestCase("postgres", "-h localhost")]
    [TestCase("redis", "redis-cli ping")]
    public void Should_check_infrastructure_through_its_listener_not_just_its_process(string service, string check) =>
        Assert.That(ComposeFile.HealthCheck(compose.Services[service]), Does.Contain(check));

    [TestCase("rabbitmq", "/var/lib/rabbitmq")]
    [TestCase("redis", "/data")]
    [TestCase("postgres", "/var/lib/postgresql/data")]
    [TestCase("elasticsearch", "/usr/share/elasticsearch/data")]
    public void Should_keep_data_on_a_named_volume(string service, string directory) =>
        Assert.That(ComposeFile.Volumes(compose.Services[service]).Where(volume => volume.Target == directory).Select(volume => volume.Source),
            Has.One.Matches<string>(source => compose.NamedVolumes.Contains(source)));

    [Test]
    public void Should_give_rabbitmq_a_fixed_host_name_and_redis_an_append_only_file() => Assert.Multiple(() =>
    {
        Assert.That(compose.Services["rabbitmq"]["hostname"]?.ToString(), Is.Not.Null.And.Not.Empty);
        Assert.That(compose.Services["redis"]["command"]?.AsArray().Select(word => word!.ToString()),
            Is.EqualTo(new[] { "redis-server", "--appendonly", "yes" }));
    });

    private static IEnumerable<string> SpecificationErrors(JsonNode? document)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, EvaluateAs = SpecVersion.Draft7 };
        // The schema names draft-07 by its https address; the validator knows the meta-schema by its http one.
        options.SchemaRegistry.Register(new Uri("https://json-schema.org/draft-07/schema"), MetaSchemas.Draft7);
        var schema = JsonSchema.FromText(RepositoryFiles.ReadText("deploy/compose-spec.schema.json"));
        return Failures(schema.Evaluate(document, options));
    }

    // Only down failing branches: a oneOf that holds keeps the errors of its other alternatives, which say nothing.
    private static IEnumerable<string> Failures(EvaluationResults result) => result.IsValid
        ? []
        : (result.Errors?.Values.Select(error => $"{result.InstanceLocation}: {error}") ?? []).Concat(result.Details.SelectMany(Failures));

    private static string[] Lines(string relativePath) =>
        [.. RepositoryFiles.ReadText(relativePath).Split('\n').Select(line => line.Trim())];

    // ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+other}, ${NAME+other}; $$ is a literal $.
    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<operator>:?[-?+])?")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex("pass(word)?|secret|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex("password=(?<value>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"localhost:(?<port>[0-9]+)")]
    private static partial Regex LocalPort();
}
