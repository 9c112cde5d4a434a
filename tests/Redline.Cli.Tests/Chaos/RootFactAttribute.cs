using Redline.Cli.Chaos;

namespace Redline.Cli.Tests.Chaos;

/// <summary>A test that changes the machine's control groups or mounts: skipped, with the reason, where Redline could not do that either.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "needs root: it makes control groups and mounts a tmpfs";
        }
        else if (Cgroups.Probe() is { Found: null, Why: var why })
        {
            Skip = $"no control groups Redline can use here: {why}";
        }
    }
}
