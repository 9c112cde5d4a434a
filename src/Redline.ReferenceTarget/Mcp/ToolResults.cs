namespace Redline.ReferenceTarget.Mcp;

/// <summary>What <c>list_containers</c> answers: how many matched and the first of them.</summary>
internal sealed record ContainerList(int Total, int Returned, IReadOnlyList<ContainerInfo> Containers);

/// <summary>A container in a <see cref="ContainerList"/>.</summary>
internal sealed record ContainerInfo(string Id, string Name, string Namespace, string Deployment, string Pod, string Image, string Status, int Restarts);

/// <summary>What <c>get_pods</c> answers: a namespace's pods and how many are ready.</summary>
internal sealed record PodList(string Namespace, int Total, int ReadyPods, IReadOnlyList<PodInfo> Pods);

/// <summary>A pod in a <see cref="PodList"/>; <see cref="Ready"/> reads like kubectl's "2/3".</summary>
internal sealed record PodInfo(string Name, string Deployment, string Node, string Phase, string Ready, bool IsReady, int Restarts);

/// <summary>What <c>get_deployment_status</c> answers; <see cref="Condition"/> is Available, Degraded or Unavailable.</summary>
internal sealed record DeploymentStatus(
    string Namespace,
    string Name,
    string Image,
    int Revision,
    int DesiredReplicas,
    int ReadyReplicas,
    string Condition,
    DateTimeOffset? LastRestartAt);

/// <summary>What <c>rollout_restart</c> answers: the revision it replaced, the new one and how many pods it replaced.</summary>
internal sealed record RolloutResult(string Namespace, string Name, int PreviousRevision, int Revision, int RestartedPods, DateTimeOffset RestartedAt);

/// <summary>What <c>scan_image</c> answers: the image's digest, its layers and the advisories that affect it.</summary>
internal sealed record ScanReport(
    string Image,
    string Digest,
    string BaseImage,
    bool RunningInCluster,
    int PackagesScanned,
    IReadOnlyList<LayerInfo> Layers,
    IReadOnlyList<Finding> Findings,
    SeverityCounts Summary);

/// <summary>A layer of a scanned image and the SHA-256 of its contents.</summary>
internal sealed record LayerInfo(int Index, string Digest, long SizeBytes);

/// <summary>An advisory that affects a package of a scanned image.</summary>
internal sealed record Finding(string Id, string Package, string InstalledVersion, string FixedVersion, string Severity, string Title);

/// <summary>How many findings a scan had of each severity.</summary>
internal sealed record SeverityCounts(int Critical, int High, int Medium, int Low);
