using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>The MCP server's deployment tools. Each call acquires the inventory from the profile's source and makes one round trip to the cluster's API, then does small real work on it.</summary>
[McpServerToolType]
internal sealed class DeploymentTools(IInventorySource source, ClusterApi api, RolloutState rollouts)
{
    private const int MaxLimit = 500;
    private const int MaxImageLength = 256;

    [McpServerTool(Name = "list_containers", Title = "List containers", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ContainerList))]
    [Description("Lists the cluster's containers with their status, optionally only one namespace's or only those with one status.")]
    public async Task<CallToolResult> ListContainersAsync(
        [Description("Only this namespace's containers; every namespace when omitted.")] string? @namespace = null,
        [Description("Only containers with this status: running, restarting, created or exited.")] string? status = null,
        [Description("At most this many containers, 1 to 500.")] int limit = 50,
        CancellationToken cancellationToken = default)
    {
        if (status is not null && !ClusterView.Statuses.Contains(status, StringComparer.Ordinal))
        {
            return ToolAnswer.Error($"Unknown status '{status}'; use one of {string.Join(", ", ClusterView.Statuses)}.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return ToolAnswer.Error($"limit must be between 1 and {MaxLimit}, not {limit}.");
        }

        var view = await ViewAsync(cancellationToken);
        if (@namespace is not null && !view.Inventory.HasNamespace(@namespace))
        {
            return UnknownNamespace(@namespace);
        }

        var pods = @namespace is null ? view.AllPods() : view.PodsIn(@namespace);
        var matching = pods
            .SelectMany(pod => pod.Containers.Select(c => new ContainerInfo(c.Id, c.Name, c.Namespace, c.Deployment, pod.Name, c.Image, c.Status, c.Restarts)))
            .Where(c => status is null || c.Status == status)
            .ToList();
        var list = new ContainerList(matching.Count, Math.Min(limit, matching.Count), matching.Take(limit).ToList());
        return ToolAnswer.Ok(list, ToolJsonContext.Default.ContainerList);
    }

    [McpServerTool(Name = "get_pods", Title = "Get pods", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(PodList))]
    [Description("Lists a namespace's pods with their phase and readiness, computed from their containers.")]
    public async Task<CallToolResult> GetPodsAsync(
        [Description("The namespace, for example payments.")] string @namespace,
        CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(cancellationToken);
        if (!view.Inventory.HasNamespace(@namespace))
        {
            return UnknownNamespace(@namespace);
        }

        var pods = view.PodsIn(@namespace)
            .Select(p => new PodInfo(p.Name, p.Entry.Deployment, p.Entry.Node, p.Phase, $"{p.ReadyContainers}/{p.Containers.Count}", p.IsReady, p.Restarts))
            .ToList();
        return ToolAnswer.Ok(new PodList(@namespace, pods.Count, pods.Count(p => p.IsReady), pods), ToolJsonContext.Default.PodList);
    }

    [McpServerTool(Name = "get_deployment_status", Title = "Get deployment status", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(DeploymentStatus))]
    [Description("Reports a deployment's revision, desired and ready replicas and whether it is Available, Degraded or Unavailable.")]
    public async Task<CallToolResult> GetDeploymentStatusAsync(
        [Description("The deployment's namespace.")] string @namespace,
        [Description("The deployment's name, for example api.")] string name,
        CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(cancellationToken);
        if (!TryFind(view, @namespace, name, out var deployment, out var error))
        {
            return error;
        }

        var ready = view.PodsIn(@namespace).Count(p => p.Entry.Deployment == name && p.IsReady);
        var condition = ready == deployment.Replicas ? "Available" : ready == 0 ? "Unavailable" : "Degraded";
        var rollout = view.RolloutOf(@namespace, name);
        var status = new DeploymentStatus(@namespace, name, deployment.Image, rollout.Revision, deployment.Replicas, ready, condition, rollout.RestartedAt);
        return ToolAnswer.Ok(status, ToolJsonContext.Default.DeploymentStatus);
    }

    [McpServerTool(Name = "rollout_restart", Title = "Restart a rollout", Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(RolloutResult))]
    [Description("Restarts a deployment: a new revision replaces every pod with fresh ones whose containers all run.")]
    public async Task<CallToolResult> RolloutRestartAsync(
        [Description("The deployment's namespace.")] string @namespace,
        [Description("The deployment's name, for example api.")] string name,
        CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(cancellationToken);
        if (!TryFind(view, @namespace, name, out var deployment, out var error))
        {
            return error;
        }

        var (previous, current) = rollouts.Restart(@namespace, name);
        var result = new RolloutResult(@namespace, name, previous.Revision, current.Revision, deployment.Replicas, current.RestartedAt ?? default);
        return ToolAnswer.Ok(result, ToolJsonContext.Default.RolloutResult);
    }

    [McpServerTool(Name = "scan_image", Title = "Scan an image", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ScanReport))]
    [Description("Scans an image: the SHA-256 digest of each layer and the (made-up) advisories that affect its packages.")]
    public async Task<CallToolResult> ScanImageAsync(
        [Description("The image reference, for example registry.redline.local/payments/api:1.4.2.")] string image,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(image) || image.Length > MaxImageLength || image.Any(char.IsWhiteSpace))
        {
            return ToolAnswer.Error($"image must be a reference of at most {MaxImageLength} characters without spaces.");
        }

        var view = await ViewAsync(cancellationToken);
        return ToolAnswer.Ok(ImageScanner.Scan(image, view.Inventory.FindImage(image)), ToolJsonContext.Default.ScanReport);
    }

    private async Task<ClusterView> ViewAsync(CancellationToken cancellationToken)
    {
        var inventory = await source.AcquireAsync(cancellationToken);
        await api.RoundTripAsync(cancellationToken);
        return new ClusterView(inventory, rollouts);
    }

    private static CallToolResult UnknownNamespace(string ns) =>
        ToolAnswer.Error($"Unknown namespace '{ns}'; the cluster has {string.Join(", ", InventoryGenerator.Namespaces)}.");

    private static bool TryFind(
        ClusterView view,
        string ns,
        string name,
        [NotNullWhen(true)] out DeploymentEntry? deployment,
        [NotNullWhen(false)] out CallToolResult? error)
    {
        deployment = view.Inventory.HasNamespace(ns) ? view.Inventory.FindDeployment(ns, name) : null;
        error = deployment is not null ? null
            : view.Inventory.HasNamespace(ns) ? ToolAnswer.Error($"No deployment '{name}' in namespace '{ns}'.")
            : UnknownNamespace(ns);
        return deployment is not null;
    }
}
