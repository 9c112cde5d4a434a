namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline target serve</c> as a separate process: options, and the known faults measured from outside.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TargetServeTests
{
    [Theory]
    [InlineData("--profile", "fastest", "--profile: expected baseline or optimized, got 'fastest'")]
    [InlineData("--stall", "5s/1s", "--stall: expected DURATION/PERIOD with the duration shorter than the period, e.g. 1s/5s, got '5s/1s'")]
    [InlineData("--error-rate", "150%", "--error-rate: expected a percentage from 0% to 100%, got '150%'")]
    [InlineData("--mcp-servers", "17", "--mcp-servers: expected 0 to 16, got 17")]
    public async Task Serve_BadOption_ExitsTwoWithTheReason(string option, string value, string message)
    {
        var (code, _, stderr) = await RedlineProcess.RunAsync(TimeSpan.FromSeconds(60), "target", "serve", option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_TerminatedWhileWarmingUp_ExitsCleanlyAndRemovesItsDatabase()
    {
        var port = Targets.LoopbackPorts.Free();
        var before = Directory.GetFiles(Path.GetTempPath(), "redline-reference-*.db").ToHashSet();
        using var serve = RedlineProcess.Start("target", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mcp-servers", "1");
        // The port is bound before the warm-up starts and the address is announced after it: terminate in between.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!Listening(port))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the reference deployment did not listen: " + serve.Stderr);
            await Task.Delay(5);
        }

        Assert.DoesNotContain("listening", serve.Stdout, StringComparison.Ordinal);
        serve.SendTerminate();
        var code = await serve.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(code == 0, $"exit {code}\n{serve.Stderr}");
        Assert.DoesNotContain("internal error", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "redline-reference-*.db"), f => !before.Contains(f));
    }

    [Fact]
    public async Task Serve_Leak3600MbPerHour_GrowsTheProcessAtThatRate()
    {
        var port = Targets.LoopbackPorts.Free();
        using var serve = RedlineProcess.Start("target", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--leak", "3600");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the reference deployment did not start: " + serve.Stderr);
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        // Let start-up allocations settle, then fit a line through 20 s of RSS samples. 1 MB/s, so that
        // the 20 MB it retains in that time stand well clear of the process's own changes: at 0.1 MB/s
        // (2 MB in the window), they once hid the whole leak in CI.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var sampler = new Monitoring.ProcessSampler(serve.Pid);
        var samples = new List<(double Seconds, double Megabytes)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i <= 20; i++)
        {
            var sample = sampler.Sample(clock.Elapsed);
            samples.Add((clock.Elapsed.TotalSeconds, sample.RssBytes / (1024.0 * 1024)));
            await Task.Delay(1000);
        }

        var meanX = samples.Average(s => s.Seconds);
        var meanY = samples.Average(s => s.Megabytes);
        var slope = samples.Sum(s => (s.Seconds - meanX) * (s.Megabytes - meanY)) / samples.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
        var perHour = slope * 3600;
        Assert.InRange(perHour, 3600 * 0.7, 3600 * 1.3);
    }

    private static bool Listening(int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            socket.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
