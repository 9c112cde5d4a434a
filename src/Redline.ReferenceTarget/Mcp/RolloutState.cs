namespace Redline.ReferenceTarget.Mcp;

/// <summary>The one revision of a deployment and when it was last restarted; revision 1 is the inventory as generated.</summary>
internal sealed record Rollout(int Revision, DateTimeOffset? RestartedAt)
{
    /// <summary>A deployment nobody has restarted.</summary>
    public static readonly Rollout Initial = new(1, null);
}

/// <summary>The cluster's mutable state: the rollouts that <c>rollout_restart</c> made, shared by every call in both profiles.</summary>
internal sealed class RolloutState(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Rollout> _rollouts = new(StringComparer.Ordinal);

    /// <summary>The deployment's current rollout.</summary>
    public Rollout Current(string ns, string deployment)
    {
        lock (_lock)
        {
            return _rollouts.GetValueOrDefault(Key(ns, deployment), Rollout.Initial);
        }
    }

    /// <summary>Moves the deployment to a new revision and returns the one it replaced and the new one.</summary>
    public (Rollout Previous, Rollout Current) Restart(string ns, string deployment)
    {
        var key = Key(ns, deployment);
        lock (_lock)
        {
            var previous = _rollouts.GetValueOrDefault(key, Rollout.Initial);
            var current = new Rollout(previous.Revision + 1, time.GetUtcNow());
            _rollouts[key] = current;
            return (previous, current);
        }
    }

    private static string Key(string ns, string deployment) => $"{ns}/{deployment}";
}
