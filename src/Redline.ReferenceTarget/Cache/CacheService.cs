using System.Collections.Concurrent;
using Redline.ReferenceTarget.Data;

namespace Redline.ReferenceTarget.Cache;

/// <summary>A cache read: the value and where it came from.</summary>
internal sealed record CacheRead(string Key, string Value, string Source);

/// <summary>The cache's counters.</summary>
internal sealed record CacheStats(string Profile, long Hits, long Misses, double HitRate, int Entries, double TtlSeconds);

/// <summary>
/// Cached reads of <c>cache_items</c>. The baseline goes to the database every time; the
/// optimized profile keeps an in-memory L1 whose entries expire after <see cref="Ttl"/>.
/// </summary>
internal sealed class CacheService(SqlSessions sessions, ReferenceOptions options, TimeProvider time)
{
    /// <summary>How long an L1 entry is served before the database is asked again.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    // Only keys that exist are stored and there are a thousand of them; the bound guards a database that grows.
    private const int MaxEntries = 100_000;

    private const string SelectValue = "SELECT value FROM cache_items WHERE key = $key";

    private readonly ConcurrentDictionary<string, (string Value, long ExpiresAt)> _l1 = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;
    private long _invalidations;

    /// <summary>How many times the cache was emptied by <see cref="Invalidate"/>.</summary>
    public long Invalidations => Interlocked.Read(ref _invalidations);

    /// <summary>The value of <paramref name="key"/>, or null when there is none.</summary>
    public CacheRead? Get(string key)
    {
        var optimized = options.Profile == Profile.Optimized;
        var now = time.GetTimestamp();
        if (optimized && _l1.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            Interlocked.Increment(ref _hits);
            return new CacheRead(key, entry.Value, "l1");
        }

        Interlocked.Increment(ref _misses);
        var value = sessions.Use(session => session.Command(SelectValue, ("$key", key)).ExecuteScalar() as string);
        if (value is null)
        {
            return null;
        }

        if (optimized)
        {
            if (_l1.Count >= MaxEntries)
            {
                _l1.Clear();
            }

            _l1[key] = (value, now + (long)(Ttl.TotalSeconds * time.TimestampFrequency));
        }

        return new CacheRead(key, value, "database");
    }

    /// <summary>Forgets the counts and the L1 entries (after the warm-up).</summary>
    public void Reset()
    {
        _l1.Clear();
        Interlocked.Exchange(ref _hits, 0);
        Interlocked.Exchange(ref _misses, 0);
    }

    /// <summary>Empties the L1 at once, as a cache invalidation does (the counts stay); returns how many entries it held.</summary>
    public int Invalidate()
    {
        var dropped = _l1.Count;
        _l1.Clear();
        Interlocked.Increment(ref _invalidations);
        return dropped;
    }

    /// <summary>Hits, misses and the hit rate (0 to 1) so far.</summary>
    public CacheStats Stats()
    {
        var hits = Interlocked.Read(ref _hits);
        var misses = Interlocked.Read(ref _misses);
        var total = hits + misses;
        return new CacheStats(
            ReferenceDeployment.ProfileName(options.Profile), hits, misses,
            total == 0 ? 0 : Math.Round((double)hits / total, 4),
            _l1.Count, options.Profile == Profile.Optimized ? Ttl.TotalSeconds : 0);
    }
}
