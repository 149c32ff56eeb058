using Aggregator.Contracts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>
/// deploy/k8s, offline: every file kustomization.yaml lists is read strictly into the Kubernetes API's own models (and
/// KEDA's, in KedaModels.cs), and what ties the pieces together holds: probes on the port the container opens,
/// Services on the Deployments' labels, every secret from the one Secret, KEDA scaling Delivery on the queues it reads.
/// </summary>
public class When_the_kubernetes_manifests_are_read
{
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(ScaledObject),
        ["keda.sh/v1alpha1/TriggerAuthentication"] = typeof(TriggerAuthentication),
    };

    private static readonly Lazy<List<object>> Resources = new(() => ResourceFiles().SelectMany(file =>
        KubernetesYaml.LoadAllFromString(RepositoryFiles.ReadText($"deploy/k8s/{file}"), Kinds, strict: true)).ToList());

    [Test]
    public void Should_list_every_manifest_in_the_folder_and_read_each_strictly()
    {
        var inFolder = Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "deploy/k8s"), "*.yaml")
            .Select(Path.GetFileName).Where(name => name != "kustomization.yaml");

        Assert.That(ResourceFiles(), Is.EquivalentTo(inFolder));
        Assert.That(Resources.Value.Select(r => r.GetType().Name), Is.EquivalentTo(new[]
        {
            nameof(V1ConfigMap), nameof(V1Deployment), nameof(V1Service), nameof(V1Deployment), nameof(V1Service),
            nameof(V1Deployment), nameof(V1Service), nameof(TriggerAuthentication), nameof(ScaledObject),
        }));
    }

    [TestCase("router", 3000)]
    [TestCase("delivery", 3001)]
    [TestCase("logging", 4000)]
    public void Should_probe_each_service_on_the_port_it_listens_on(string name, int port)
    {
        var deployment = Resources.Value.OfType<V1Deployment>().Single(d => d.Metadata.Name == name);
        var service = Resources.Value.OfType<V1Service>().Single(s => s.Metadata.Name == name);
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(container.Env.Single(e => e.Name == "PORT").Value, Is.EqualTo(port.ToString()));
            Assert.That(container.Ports.Single().ContainerPort, Is.EqualTo(port));
            Assert.That(container.ReadinessProbe.HttpGet.Path, Is.EqualTo("/health"), "ready only with its dependencies");
            Assert.That(container.LivenessProbe.HttpGet.Path, Is.EqualTo("/health/live"), "an outage does not restart it");
            Assert.That(container.ReadinessProbe.HttpGet.Port.Value, Is.EqualTo(container.Ports.Single().Name));
            Assert.That(service.Spec.Selector, Is.EquivalentTo(deployment.Spec.Template.Metadata.Labels));
            Assert.That(service.Spec.Ports.Single().TargetPort.Value, Is.EqualTo(container.Ports.Single().Name));
            Assert.That(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(container.EnvFrom.Single().ConfigMapRef.Name, Is.EqualTo(Resources.Value.OfType<V1ConfigMap>().Single().Metadata.Name));
            Assert.That(container.Env.Where(e => e.ValueFrom is not null).Select(e => e.ValueFrom.SecretKeyRef.Name), Is.All.EqualTo("aggregator-secrets"),
                "secrets only by reference to the one Secret");
        });
    }

    [Test]
    public void Should_run_on_quorum_queues_without_simulation_directives()
    {
        var settings = Resources.Value.OfType<V1ConfigMap>().Single().Data;

        Assert.Multiple(() =>
        {
            Assert.That(settings["RabbitMq__QueueType"], Is.EqualTo("Quorum"));
            Assert.That(settings["Simulation__AllowDirectives"], Is.EqualTo("false"));
            Assert.That(settings["Webhooks__AllowPrivateNetworks"], Is.EqualTo("false"));
            Assert.That(settings.Keys.Where(key => key.Contains("Password", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings", StringComparison.Ordinal)),
                Is.Empty, "no secret in the ConfigMap");
        });
    }

    [Test]
    public void Should_scale_delivery_on_the_depth_of_queues_it_consumes()
    {
        var scaled = Resources.Value.OfType<ScaledObject>().Single();
        var authentication = Resources.Value.OfType<TriggerAuthentication>().Single();
        string[] consumed = [MessageLanes.Saga, .. Enum.GetValues<MessageChannel>().Select(channel => ChannelQueues.Name(channel))];

        Assert.Multiple(() =>
        {
            Assert.That(Resources.Value.OfType<V1Deployment>().Select(d => d.Metadata.Name), Does.Contain(scaled.Spec.ScaleTargetRef.Name));
            Assert.That(scaled.Spec.ScaleTargetRef.Name, Is.EqualTo("delivery"));
            Assert.That(scaled.Spec.MinReplicaCount, Is.GreaterThanOrEqualTo(1).And.LessThan(scaled.Spec.MaxReplicaCount));
            Assert.That(scaled.Spec.Triggers.Select(t => t.Metadata["queueName"]), Is.EquivalentTo(consumed));
            Assert.That(scaled.Spec.Triggers.Select(t => t.Type), Is.All.EqualTo("rabbitmq"));
            Assert.That(scaled.Spec.Triggers.Select(t => t.AuthenticationRef.Name), Is.All.EqualTo(authentication.Metadata.Name));
            Assert.That(authentication.Spec.SecretTargetRef.Select(s => s.Name), Is.All.EqualTo("aggregator-secrets"));
        });
    }

    private static List<string> ResourceFiles()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(RepositoryFiles.ReadText("deploy/k8s/kustomization.yaml")));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root.Children[new YamlScalarNode("resources")]).Children.Select(node => ((YamlScalarNode)node).Value!).ToList();
    }
}
