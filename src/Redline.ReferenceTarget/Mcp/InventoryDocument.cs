using System.Text.Json.Serialization;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>The cluster inventory as the MCP server loads it: every deployment, pod, container and image of the simulated cluster.</summary>
internal sealed record InventoryDocument(
    IReadOnlyList<DeploymentEntry> Deployments,
    IReadOnlyList<PodEntry> Pods,
    IReadOnlyList<ContainerEntry> Containers,
    IReadOnlyList<ImageEntry> Images);

/// <summary>A deployment: its image and how many replicas it wants.</summary>
internal sealed record DeploymentEntry(string Namespace, string Name, string Image, int Replicas);

/// <summary>A pod of a deployment; <see cref="Suffix"/> tells it apart from its siblings across rollouts.</summary>
internal sealed record PodEntry(string Namespace, string Deployment, string Suffix, string Node, string Phase);

/// <summary>A container of a pod, with its runtime status and restart count.</summary>
internal sealed record ContainerEntry(
    string Id,
    string Namespace,
    string Deployment,
    string PodSuffix,
    string Name,
    string Image,
    string Status,
    int Restarts);

/// <summary>An image: its layer count and the packages installed in it.</summary>
internal sealed record ImageEntry(string Reference, string BaseImage, int Layers, IReadOnlyList<PackageEntry> Packages);

/// <summary>A package installed in an image.</summary>
internal sealed record PackageEntry(string Name, string Version);

/// <summary>Source-generated JSON for the inventory, so parsing it is the same work on every run.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InventoryDocument))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
