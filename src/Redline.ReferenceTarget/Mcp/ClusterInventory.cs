using System.Text.Json;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>The parsed inventory, indexed the way the tools look it up.</summary>
internal sealed class ClusterInventory
{
    private readonly Dictionary<string, DeploymentEntry> _deployments;
    private readonly ILookup<string, PodEntry> _podsByNamespace;
    private readonly ILookup<string, ContainerEntry> _containersByPod;
    private readonly Dictionary<string, ImageEntry> _images;

    private ClusterInventory(InventoryDocument document)
    {
        Document = document;
        _deployments = document.Deployments.ToDictionary(d => Key(d.Namespace, d.Name), StringComparer.Ordinal);
        _podsByNamespace = document.Pods.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        _containersByPod = document.Containers.ToLookup(c => PodKey(c.Namespace, c.Deployment, c.PodSuffix), StringComparer.Ordinal);
        _images = document.Images.ToDictionary(i => i.Reference, StringComparer.Ordinal);
    }

    /// <summary>Everything in the inventory.</summary>
    public InventoryDocument Document { get; }

    /// <summary>Parses and indexes the inventory: the work a cold server does before it can answer.</summary>
    public static ClusterInventory Parse(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize(json, InventoryJsonContext.Default.InventoryDocument)
            ?? throw new InvalidDataException("The cluster inventory is empty.");
        return new ClusterInventory(document);
    }

    /// <summary>Whether the namespace exists.</summary>
    public bool HasNamespace(string ns) => _podsByNamespace.Contains(ns);

    /// <summary>The deployment, or null when there is none by that name.</summary>
    public DeploymentEntry? FindDeployment(string ns, string name) => _deployments.GetValueOrDefault(Key(ns, name));

    /// <summary>The pods of a namespace, in inventory order.</summary>
    public IEnumerable<PodEntry> PodsIn(string ns) => _podsByNamespace[ns];

    /// <summary>The containers of a pod.</summary>
    public IEnumerable<ContainerEntry> ContainersOf(PodEntry pod) => _containersByPod[PodKey(pod.Namespace, pod.Deployment, pod.Suffix)];

    /// <summary>The image, or null when the cluster does not run it.</summary>
    public ImageEntry? FindImage(string reference) => _images.GetValueOrDefault(reference);

    private static string Key(string ns, string name) => $"{ns}/{name}";

    private static string PodKey(string ns, string deployment, string suffix) => $"{ns}/{deployment}/{suffix}";
}
