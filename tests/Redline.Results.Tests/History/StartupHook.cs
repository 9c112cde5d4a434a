using Redline.Results.Tests.History;

// The runtime's startup-hook contract: a type named StartupHook in no namespace with a static
// Initialize. It lets a test run this test assembly as a child process (dotnet exec with
// DOTNET_STARTUP_HOOKS) that does one job and exits; without the job's variable it does nothing.
#pragma warning disable CA1050
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ChildWriter.StoreVariable) is { Length: > 0 } store)
        {
            ChildWriter.RunAsync(store).GetAwaiter().GetResult();
            Environment.Exit(0);
        }
    }
}
