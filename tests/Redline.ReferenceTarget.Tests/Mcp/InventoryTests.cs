using Redline.ReferenceTarget.Mcp;

namespace Redline.ReferenceTarget.Tests.Mcp;

public sealed class InventoryTests
{
    [Fact]
    public void GenerateJson_SameSeed_SameInventory()
    {
        Assert.Equal(InventoryGenerator.GenerateJson(3), InventoryGenerator.GenerateJson(3));
        Assert.NotEqual(InventoryGenerator.GenerateJson(3), InventoryGenerator.GenerateJson(4));
    }

    [Fact]
    public void Parse_GeneratedJson_HasThousandsOfEntriesAndEveryPodHasContainers()
    {
        var inventory = ClusterInventory.Parse(InventoryGenerator.GenerateJson(1));

        var document = inventory.Document;
        Assert.InRange(document.Deployments.Count + document.Pods.Count + document.Containers.Count, 2000, 5000);
        Assert.All(document.Pods, pod => Assert.NotEmpty(inventory.ContainersOf(pod)));
        Assert.All(document.Deployments, d => Assert.NotNull(inventory.FindImage(d.Image)));
    }

    [Theory]
    [InlineData("1.1.1k", "1.1.1w", -1)]
    [InlineData("3.0.2", "3.0.13", -1)]
    [InlineData("1.1.1w", "3.0.0", -1)]
    [InlineData("2.17.1", "2.17.1", 0)]
    [InlineData("6.4", "6.2", 1)]
    [InlineData("1.2", "1.2.0", 0)]
    public void Compare_DottedVersions_OrdersNumericallyThenBySuffix(string left, string right, int expected)
    {
        Assert.Equal(expected, Math.Sign(Advisories.Compare(left, right)));
    }

    [Fact]
    public void Scan_KnownImage_ReportsAdvisoriesOfItsVulnerablePackagesOnly()
    {
        var image = new ImageEntry("registry.redline.local/test/app:1.0.0", "debian:12", 4, [new("openssl", "3.0.2"), new("zlib", "1.3.1")]);

        var report = ImageScanner.Scan(image.Reference, image);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("RL-CVE-0002", "openssl", "3.0.13"), (finding.Id, finding.Package, finding.FixedVersion));
        Assert.Equal(4, report.Layers.Count);
        Assert.True(report.RunningInCluster);
        Assert.Equal(1, report.Summary.Critical);
    }

    [Fact]
    public void Scan_SameReference_SameDigests()
    {
        var first = ImageScanner.Scan("example.org/any:1", known: null);
        var second = ImageScanner.Scan("example.org/any:1", known: null);

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Layers.Select(l => l.Digest), second.Layers.Select(l => l.Digest));
        Assert.False(first.RunningInCluster);
    }
}
