namespace Redline.ReferenceTarget.Experts;

/// <summary>FNV-1a over a string's characters: the same on every run, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    public static int Of(string text, int salt)
    {
        var hash = 2166136261u ^ (uint)salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
