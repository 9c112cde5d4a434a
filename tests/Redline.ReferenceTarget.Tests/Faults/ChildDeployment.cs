using System.Diagnostics;
using System.Text.Json;

namespace Redline.ReferenceTarget.Tests.Faults;

/// <summary>The reference deployment in a child process: this test assembly run through <see cref="StartupHook"/>.</summary>
public sealed class ChildDeployment : IAsyncDisposable
{
    public const string OptionsVariable = "REDLINE_REFERENCE_CHILD_OPTIONS";
    public const string ReadyPrefix = "child deployment listening on ";

    private ChildDeployment(Process process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public Process Process { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts the child and waits until it listens.</summary>
    public static async Task<ChildDeployment> StartAsync(ReferenceOptions options, TimeSpan timeout)
    {
        var info = Redline.Testing.Children.AssemblyChild.StartInfo(typeof(ChildDeployment).Assembly);
        info.Environment[OptionsVariable] = JsonSerializer.Serialize(options with { Host = "127.0.0.1", Port = 0 });
        var process = Process.Start(info) ?? throw new InvalidOperationException("The child did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timer = new CancellationTokenSource(timeout);
            while (await process.StandardOutput.ReadLineAsync(timer.Token) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    return new ChildDeployment(process, new Uri(line[ReadyPrefix.Length..]));
                }
            }

            throw new InvalidOperationException($"The child exited with {process.ExitCode} before listening.");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's resident set size now.</summary>
    public long ResidentBytes()
    {
        Process.Refresh();
        return Process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Process.StandardInput.Close();
            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
        }
        finally
        {
            Process.Dispose();
        }
    }
}
