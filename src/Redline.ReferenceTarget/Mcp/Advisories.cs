using System.Globalization;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>A made-up security advisory: versions from <see cref="Introduced"/> up to, not including, <see cref="FixedIn"/> are affected.</summary>
internal sealed record Advisory(string Id, string Package, string Introduced, string FixedIn, string Severity, string Title)
{
    /// <summary>Whether this version of the package is affected.</summary>
    public bool Affects(PackageEntry package) =>
        package.Name == Package
        && Advisories.Compare(package.Version, Introduced) >= 0
        && Advisories.Compare(package.Version, FixedIn) < 0;
}

/// <summary>The scanner's rule set. The IDs are fake (RL-CVE-…) on purpose: the findings must not be mistaken for real ones.</summary>
internal static class Advisories
{
    /// <summary>Severities, worst first.</summary>
    public static readonly string[] Severities = ["critical", "high", "medium", "low"];

    /// <summary>Every rule.</summary>
    public static readonly Advisory[] All =
    [
        new("RL-CVE-0001", "openssl", "1.0.0", "1.1.1w", "high", "Timing side channel in RSA decryption"),
        new("RL-CVE-0002", "openssl", "3.0.0", "3.0.13", "critical", "Buffer overread in X.509 name constraints"),
        new("RL-CVE-0003", "glibc", "2.0", "2.35", "high", "Heap overflow in the dynamic loader's tunables"),
        new("RL-CVE-0004", "zlib", "1.2.0", "1.2.13", "critical", "Heap overflow when inflating extra fields"),
        new("RL-CVE-0005", "curl", "7.0.0", "7.88.1", "high", "Cookie injection over plain HTTP"),
        new("RL-CVE-0006", "curl", "7.0.0", "8.5.0", "medium", "HSTS bypass after an IDN redirect"),
        new("RL-CVE-0007", "log4j-core", "2.0", "2.17.1", "critical", "Remote code execution through lookups"),
        new("RL-CVE-0008", "libxml2", "2.9.0", "2.11.5", "medium", "Use after free in the XML reader"),
        new("RL-CVE-0009", "busybox", "1.0.0", "1.36.1", "low", "Out-of-bounds read in the awk applet"),
        new("RL-CVE-0010", "expat", "2.0.0", "2.6.2", "medium", "Quadratic parsing of large tokens"),
        new("RL-CVE-0011", "sqlite", "3.0.0", "3.45.1", "low", "Heap overread in the JSON functions"),
        new("RL-CVE-0012", "ncurses", "6.0", "6.4", "low", "Stack overflow on crafted terminfo"),
    ];

    /// <summary>Compares dotted versions part by part, numbers numerically and trailing letters ordinally (1.1.1k &lt; 1.1.1w &lt; 3.0.2 &lt; 3.0.13).</summary>
    public static int Compare(string left, string right)
    {
        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var (numberA, restA) = Part(a, i);
            var (numberB, restB) = Part(b, i);
            var byNumber = numberA.CompareTo(numberB);
            if (byNumber != 0)
            {
                return byNumber;
            }

            var byRest = string.CompareOrdinal(restA, restB);
            if (byRest != 0)
            {
                return byRest;
            }
        }

        return 0;
    }

    private static (long Number, string Suffix) Part(string[] parts, int index)
    {
        if (index >= parts.Length)
        {
            return (0, "");
        }

        var part = parts[index];
        var digits = 0;
        while (digits < part.Length && char.IsAsciiDigit(part[digits]))
        {
            digits++;
        }

        var number = digits == 0 ? 0 : long.Parse(part.AsSpan(0, Math.Min(digits, 18)), NumberStyles.None, CultureInfo.InvariantCulture);
        return (number, part[digits..]);
    }
}
