namespace Aggregator.Tests.Unit.Deploy;

// The parts of KEDA's CRDs (keda.sh/v1alpha1) that deploy/k8s uses, as KEDA documents them, so that the manifests are
// read strictly like the built-in kinds: a misspelt field fails the spec instead of being ignored by the cluster.
#pragma warning disable CA1812, SA1402 // instantiated by the YAML reader; one small model file

public sealed class ScaledObject
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public k8s.Models.V1ObjectMeta Metadata { get; set; } = new();

    public ScaledObjectSpec Spec { get; set; } = new();
}

public sealed class ScaledObjectSpec
{
    public ScaleTarget ScaleTargetRef { get; set; } = new();

    public int MinReplicaCount { get; set; }

    public int MaxReplicaCount { get; set; }

    public int CooldownPeriod { get; set; }

    public List<ScaleTrigger> Triggers { get; set; } = [];
}

public sealed class ScaleTarget
{
    public string Name { get; set; } = "";
}

public sealed class ScaleTrigger
{
    public string Type { get; set; } = "";

    public Dictionary<string, string> Metadata { get; set; } = [];

    public ScaleTarget AuthenticationRef { get; set; } = new();
}

public sealed class TriggerAuthentication
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public k8s.Models.V1ObjectMeta Metadata { get; set; } = new();

    public TriggerAuthenticationSpec Spec { get; set; } = new();
}

public sealed class TriggerAuthenticationSpec
{
    public List<SecretTarget> SecretTargetRef { get; set; } = [];
}

public sealed class SecretTarget
{
    public string Parameter { get; set; } = "";

    public string Name { get; set; } = "";

    public string Key { get; set; } = "";
}
