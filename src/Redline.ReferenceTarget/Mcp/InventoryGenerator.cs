using System.Globalization;
using System.Text.Json;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>Generates the simulated cluster's inventory from a seed: a dozen namespaces, about a hundred deployments and a couple of thousand pods and containers.</summary>
internal static class InventoryGenerator
{
    internal const string Registry = "registry.redline.local";

    internal static readonly string[] Namespaces =
    [
        "default", "payments", "checkout", "search", "identity", "analytics",
        "platform", "edge", "inventory", "notifications", "reporting", "ml",
    ];

    private static readonly string[] Services =
    [
        "api", "web", "worker", "scheduler", "gateway", "indexer", "cache", "notifier",
        "billing", "auth", "ingest", "reporter", "exporter", "router", "planner",
    ];

    private static readonly string[] BaseImages =
        ["debian:11", "debian:12", "alpine:3.18", "alpine:3.19", "ubuntu:20.04", "ubuntu:22.04", "distroless/base:nonroot"];

    // Versions on both sides of the advisory rules' fixed versions, so scans find some issues and not others.
    internal static readonly (string Name, string[] Versions)[] Packages =
    [
        ("openssl", ["1.1.1k", "1.1.1w", "3.0.2", "3.0.13"]),
        ("glibc", ["2.31", "2.35", "2.38"]),
        ("zlib", ["1.2.11", "1.2.13", "1.3.1"]),
        ("curl", ["7.74.0", "7.88.1", "8.5.0"]),
        ("log4j-core", ["2.14.1", "2.17.2"]),
        ("libxml2", ["2.9.10", "2.11.5"]),
        ("busybox", ["1.35.0", "1.36.1"]),
        ("expat", ["2.2.10", "2.6.2"]),
        ("sqlite", ["3.34.1", "3.45.1"]),
        ("ncurses", ["6.2", "6.4"]),
    ];

    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The inventory as JSON, the form in which the server loads it.</summary>
    public static byte[] GenerateJson(int seed) =>
        JsonSerializer.SerializeToUtf8Bytes(Generate(seed), InventoryJsonContext.Default.InventoryDocument);

    /// <summary>The inventory for <paramref name="seed"/>; the same seed always gives the same cluster.</summary>
    public static InventoryDocument Generate(int seed)
    {
        var random = new Random(seed);
        var deployments = new List<DeploymentEntry>();
        var pods = new List<PodEntry>();
        var containers = new List<ContainerEntry>();
        var images = new List<ImageEntry>();
        var envoy = SidecarImage(random, images, "envoy", "1.27");
        var shipper = SidecarImage(random, images, "fluent-bit", "2.1");

        foreach (var ns in Namespaces)
        {
            foreach (var service in Services.OrderBy(_ => random.Next()).Take(10))
            {
                var image = $"{Registry}/{ns}/{service}:{random.Next(1, 4)}.{random.Next(0, 12)}.{random.Next(0, 20)}";
                images.Add(NewImage(random, image));
                var deployment = new DeploymentEntry(ns, service, image, random.Next(3, 10));
                deployments.Add(deployment);
                for (var replica = 0; replica < deployment.Replicas; replica++)
                {
                    var pod = new PodEntry(ns, service, Suffix(random), $"node-{random.Next(1, 17):00}", PodPhase(random));
                    pods.Add(pod);
                    containers.Add(NewContainer(random, pod, service, image));
                    if (random.NextDouble() < 0.6)
                    {
                        containers.Add(NewContainer(random, pod, "envoy", envoy));
                    }

                    if (random.NextDouble() < 0.4)
                    {
                        containers.Add(NewContainer(random, pod, "log-shipper", shipper));
                    }
                }
            }
        }

        return new InventoryDocument(deployments, pods, containers, images);
    }

    private static string SidecarImage(Random random, List<ImageEntry> images, string name, string minor)
    {
        var reference = $"{Registry}/platform/{name}:{minor}.{random.Next(0, 6)}";
        images.Add(NewImage(random, reference));
        return reference;
    }

    /// <summary>An image with a base and a few packages drawn from <paramref name="random"/>.</summary>
    internal static ImageEntry NewImage(Random random, string reference)
    {
        var packages = Packages
            .OrderBy(_ => random.Next())
            .Take(random.Next(4, 8))
            .Select(p => new PackageEntry(p.Name, p.Versions[random.Next(p.Versions.Length)]))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return new ImageEntry(reference, BaseImages[random.Next(BaseImages.Length)], random.Next(3, 9), packages);
    }

    private static string PodPhase(Random random) => random.NextDouble() switch
    {
        < 0.88 => "Running",
        < 0.95 => "Pending",
        _ => "Failed",
    };

    private static ContainerEntry NewContainer(Random random, PodEntry pod, string name, string image)
    {
        var (status, restarts) = pod.Phase switch
        {
            "Pending" => ("created", 0),
            "Failed" => ("exited", random.Next(1, 11)),
            _ => random.NextDouble() < 0.92 ? ("running", random.Next(0, 3)) : ("restarting", random.Next(3, 41)),
        };
        var id = random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)[..12];
        return new ContainerEntry(id, pod.Namespace, pod.Deployment, pod.Suffix, name, image, status, restarts);
    }

    private static string Suffix(Random random) =>
        string.Create(5, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = SuffixAlphabet[r.Next(SuffixAlphabet.Length)];
            }
        });
}
