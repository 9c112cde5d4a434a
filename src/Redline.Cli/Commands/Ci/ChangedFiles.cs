using System.Text;
using System.Text.RegularExpressions;
using Redline.Cli.Gate;

namespace Redline.Cli.Commands.Ci;

/// <summary>The files a pull request changes, and the seed's <c>changed_components</c>: sets whose paths match one of them.</summary>
internal static class ChangedFiles
{
    /// <summary>The paths changed between <paramref name="baseBranch"/> and HEAD (from their merge base); null when git cannot tell.</summary>
    public static IReadOnlyList<string>? Since(string directory, string baseBranch)
    {
        foreach (var reference in new[] { $"origin/{baseBranch}", baseBranch })
        {
            if (Git.Run(directory, $"diff --name-only {reference}...HEAD") is { } output)
            {
                return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="path"/> matches <paramref name="glob"/>: <c>**</c> any folders, <c>*</c> and <c>?</c> within one name.</summary>
    public static bool Matches(string glob, string path)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" also matches no folder at all.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                pattern.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        return Regex.IsMatch(path, pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
