using System.Text.Json;
using Redline.ReferenceTarget;
using Redline.ReferenceTarget.Tests.Faults;

// The runtime's startup-hook contract: a type named StartupHook in no namespace with a static
// Initialize. It lets ChildDeployment run this test assembly as the reference deployment in a
// separate process, whose memory can be measured without the test host's noise.
#pragma warning disable CA1050
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        var json = Environment.GetEnvironmentVariable(ChildDeployment.OptionsVariable);
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        var options = JsonSerializer.Deserialize<ReferenceOptions>(json) ?? throw new InvalidOperationException("No options.");
        using var stop = new CancellationTokenSource();
        // The parent ends the child by closing its standard input, and dies with it if it dies.
        var watcher = new Thread(() =>
        {
            try
            {
                while (Console.In.ReadLine() is not null)
                {
                }
            }
            catch (IOException)
            {
            }

            stop.Cancel();
        })
        { IsBackground = true };
        watcher.Start();
        ServeAsync(options, stop.Token).GetAwaiter().GetResult();
        Environment.Exit(0);
    }

    private static async Task ServeAsync(ReferenceOptions options, CancellationToken stop)
    {
        await using var app = ReferenceDeployment.Build(options);
        await app.StartAsync(CancellationToken.None);
        // Start-up garbage (seeding, JIT) is collected and returned before the parent starts measuring.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await Console.Out.WriteLineAsync($"{ChildDeployment.ReadyPrefix}{ReferenceDeployment.ListeningAddress(app)}");
        await Console.Out.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
    }
}
