using System.Security.Cryptography;
using System.Text;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>A pod as it is now: the inventory's pod after its deployment's rollouts.</summary>
internal sealed record LivePod(PodEntry Entry, string Name, string Phase, IReadOnlyList<ContainerEntry> Containers)
{
    /// <summary>How many of the pod's containers are ready.</summary>
    public int ReadyContainers => Containers.Count(c => c.Status == ClusterView.Running);

    /// <summary>A pod is ready when it runs and every one of its containers does.</summary>
    public bool IsReady => Phase == "Running" && ReadyContainers == Containers.Count;

    /// <summary>The restarts of all its containers.</summary>
    public int Restarts => Containers.Sum(c => c.Restarts);
}

/// <summary>The cluster as the tools see it: the inventory of one call with the shared rollout state applied.</summary>
internal sealed class ClusterView(ClusterInventory inventory, RolloutState rollouts)
{
    /// <summary>The status of a container that serves.</summary>
    public const string Running = "running";

    /// <summary>Every status a container can have.</summary>
    public static readonly string[] Statuses = [Running, "restarting", "created", "exited"];

    private readonly Dictionary<string, Rollout> _seen = new(StringComparer.Ordinal);

    /// <summary>The inventory under this view.</summary>
    public ClusterInventory Inventory => inventory;

    /// <summary>The deployment's current rollout, read once per call so one answer is consistent.</summary>
    public Rollout RolloutOf(string ns, string deployment)
    {
        var key = $"{ns}/{deployment}";
        if (!_seen.TryGetValue(key, out var rollout))
        {
            _seen[key] = rollout = rollouts.Current(ns, deployment);
        }

        return rollout;
    }

    /// <summary>The pods of a namespace as they are now.</summary>
    public IEnumerable<LivePod> PodsIn(string ns) => inventory.PodsIn(ns).Select(Live);

    /// <summary>Every pod of the cluster as it is now.</summary>
    public IEnumerable<LivePod> AllPods() => inventory.Document.Pods.Select(Live);

    private LivePod Live(PodEntry pod)
    {
        var rollout = RolloutOf(pod.Namespace, pod.Deployment);
        var name = $"{pod.Deployment}-{TemplateHash(pod.Namespace, pod.Deployment, rollout.Revision)}-{pod.Suffix}";
        var containers = inventory.ContainersOf(pod);
        if (rollout.Revision == Rollout.Initial.Revision)
        {
            return new LivePod(pod, name, pod.Phase, containers.ToList());
        }

        // A restart replaced every pod of the deployment with fresh ones whose containers all came up.
        var fresh = containers
            .Select(c => c with { Id = FreshId(c.Id, rollout.Revision), Status = Running, Restarts = 0 })
            .ToList();
        return new LivePod(pod, name, "Running", fresh);
    }

    // Like Kubernetes' pod-template-hash: a rollout changes the hash, and with it every pod's name.
    private static string TemplateHash(string ns, string deployment, int revision) =>
        Hex($"{ns}/{deployment}#{revision}")[..10];

    private static string FreshId(string id, int revision) => Hex($"{id}#{revision}")[..12];

    private static string Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
