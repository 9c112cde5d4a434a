using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>Scans an image: hashes each of its (generated) layers with SHA-256 and matches its packages against the advisories.</summary>
internal static class ImageScanner
{
    private const int MinLayerBytes = 16 * 1024;
    private const int MaxExtraLayerBytes = 48 * 1024;

    /// <summary>The report for <paramref name="reference"/>; <paramref name="known"/> is the cluster's record of the image, if it runs it.</summary>
    public static ScanReport Scan(string reference, ImageEntry? known)
    {
        // An image the cluster does not run still scans the same way every time: its contents follow from its name.
        var image = known ?? InventoryGenerator.NewImage(new Random(SeedOf(reference)), reference);
        var layers = new List<LayerInfo>(image.Layers);
        using var manifest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var index = 0; index < image.Layers; index++)
        {
            var layer = HashLayer(reference, index);
            layers.Add(layer);
            manifest.AppendData(Encoding.ASCII.GetBytes(layer.Digest));
        }

        var findings = image.Packages
            .SelectMany(package => Advisories.All
                .Where(advisory => advisory.Affects(package))
                .Select(advisory => new Finding(advisory.Id, package.Name, package.Version, advisory.FixedIn, advisory.Severity, advisory.Title)))
            .OrderBy(f => Array.IndexOf(Advisories.Severities, f.Severity))
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var summary = new SeverityCounts(
            findings.Count(f => f.Severity == "critical"),
            findings.Count(f => f.Severity == "high"),
            findings.Count(f => f.Severity == "medium"),
            findings.Count(f => f.Severity == "low"));
        var digest = "sha256:" + Convert.ToHexStringLower(manifest.GetHashAndReset());
        return new ScanReport(reference, digest, image.BaseImage, known is not null, image.Packages.Count, layers, findings, summary);
    }

    private static LayerInfo HashLayer(string reference, int index)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{reference}#layer{index}"));
        var size = MinLayerBytes + (int)(BinaryPrimitives.ReadUInt32LittleEndian(seed.AsSpan(4)) % MaxExtraLayerBytes);
        var content = new byte[size];
        new Random(BinaryPrimitives.ReadInt32LittleEndian(seed)).NextBytes(content);
        return new LayerInfo(index, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), size);
    }

    private static int SeedOf(string reference) =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(reference)));
}
