using System.Text.Json;
using Redline.Cli.Chaos;
using Redline.Cli.Tests.Chaos;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>Service and resource faults through the real <c>redline run</c> on the reference deployment, and what a run killed mid-fault leaves for the next one.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChaosEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-chaos-e2e-").FullName;
    private readonly Dictionary<string, string> _environment;

    public ChaosEndToEndTests() => _environment = new(StringComparer.Ordinal) { ["REDLINE_CHAOS_DIR"] = Path.Combine(_dir, "journal") };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ServiceFaultsOnTheReferenceDeployment_EachAskedAndAchievedAndNothingLeftInTheJournal()
    {
        var port = Targets.LoopbackPorts.Free();
        const string Deployment = "{{random:1-200}}";
        const string Key = "{{random:1-50}}";
        var suite = Write("service.yaml", $$"""
            suite: service-faults
            seed: 3
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: redline
                args: [target, serve, --profile, optimized, --port, "{{port}}", --latency-scale, "0.02", --mcp-servers, "2"]
                ready: /health
                ready_timeout: 60s
            components:
              deployment:
                request: { method: GET, path: "/api/deployments/{{Deployment}}" }
              cache:
                request: { method: GET, path: "/api/cache/key-{{Key}}" }
            scenarios:
              faults:
                # 14 s: the second kill, at 10 s, leaves 4 s for the manager to start a new server process (a Debug
                # build on a busy machine once needed more than the 1.8 s that a 12 s scenario left).
                load: { model: open, rate: 60/s, duration: 14s }
                chaos:
                  - kill_random_mcp_server: every_5s
                  - database_connection_drop: 20%
                    at: 1s
                    for: 3s
                  - cache_invalidation: random
                    every: 1s
                  - hook: { start: "PUT /api/admin/faults/database_drop?percent=100", stop: "DELETE /api/admin/faults/database_drop" }
                    at: 7s
                    for: 1s
            """);
        var outDir = Path.Combine(_dir, "service");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, _environment, "run", suite, "--out", outDir, "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var chaos = results.RootElement.GetProperty("scenarios")[0].GetProperty("chaos").EnumerateArray().ToList();
        string Achieved(JsonElement f) => f.GetProperty("achieved").GetString() ?? $"(none: {f.GetProperty("note")})";
        var kills = chaos.Where(f => f.GetProperty("fault").GetString() == "kill_random_mcp_server").ToList();
        Assert.Equal(2, kills.Count);
        Assert.All(kills, k => Assert.Matches(@"^MCP server [01] \(pid \d+\) killed; running again after \d+\.\d\d s \(pid \d+\)$", Achieved(k)));
        Assert.InRange(kills[0].GetProperty("started_at_s").GetDouble(), 4.9, 5.6);
        Assert.True(kills[0].GetProperty("ended_at_s").GetDouble() < 10, kills[0].ToString());
        var drop = chaos.Single(f => f.GetProperty("fault").GetString() == "database_connection_drop");
        Assert.Equal("reference", drop.GetProperty("on").GetString());
        Assert.Matches(@"^\d+(\.\d)?% of database sessions dropped \(\d+ of \d+\)$", Achieved(drop));
        Assert.True(drop.GetProperty("impact").GetProperty("error_rate_during").GetDouble() >= 5, drop.ToString());
        var cache = chaos.Single(f => f.GetProperty("fault").GetString() == "cache_invalidation");
        Assert.Matches(@"^\d+ invalidations at random times \(mean gap 1 s\), \d+ cache entries dropped$", Achieved(cache));
        var hook = chaos.Single(f => f.GetProperty("fault").GetString() == "hook");
        Assert.Equal("start answered 200, stop answered 200", Achieved(hook));
        Assert.True(hook.GetProperty("impact").GetProperty("error_rate_during").GetDouble() >= 30, hook.ToString());
        Assert.Empty(Directory.Exists(_environment["REDLINE_CHAOS_DIR"]) ? Directory.EnumerateFiles(_environment["REDLINE_CHAOS_DIR"]) : []);
    }

    [RootFact]
    public async Task Run_KilledWhileResourceFaultsAreOn_ChaosCleanRevertsAllItLeftAndStopsItsTarget()
    {
        var disk = Path.Combine(_dir, "disk");
        Directory.CreateDirectory(disk);
        Mount("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk);
        try
        {
            var port = Targets.LoopbackPorts.Free();

            // The killed run's target dies without removing its temporary database: it goes in this test's folder.
            var temporary = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;
            var suite = Write("resources.yaml", $$"""
                suite: resource-faults
                target:
                  base_url: http://127.0.0.1:{{port}}
                  start:
                    command: redline
                    args: [target, serve, --port, "{{port}}", --latency-scale, "0.02"]
                    env: { TMPDIR: "{{temporary}}" }
                    ready: /health
                    ready_timeout: 60s
                components:
                  cache:
                    request: { method: GET, path: /api/cache/key-7 }
                scenarios:
                  faults:
                    load: { model: open, rate: 20/s, duration: 60s }
                    chaos:
                      - cpu_throttling: 25%
                        at: 1s
                      - disk_space_exhaustion: full
                        path: disk
                        at: 1s
                """);
            var events = Path.Combine(_dir, "killed", "events.ndjson");
            List<string> groups;
            using (var run = RedlineProcess.Start(_environment, "run", suite, "--out", Path.Combine(_dir, "killed"), "--quiet", "--no-store"))
            {
                var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
                while (CountIn(events, "fault_started") < 2 && TimeProvider.System.GetUtcNow() < deadline)
                {
                    await Task.Delay(100);
                }

                Assert.True(CountIn(events, "fault_started") == 2, $"the faults did not start within 60 s\n{run.Stderr}");
                groups = Cgroups.Ours().Where(g => g.Contains("-target", StringComparison.Ordinal)).ToList();
            }

            // Disposing killed the run with SIGKILL: the lease journal, the group and the ballast outlive it.
            Assert.Equal(2, Directory.EnumerateFiles(_environment["REDLINE_CHAOS_DIR"]).Count());
            Assert.NotEmpty(groups);
            Assert.Single(Directory.EnumerateFiles(disk, ".redline-ballast-*", new EnumerationOptions { AttributesToSkip = 0 }));
            Assert.True(DiskFillEffect.FreeBytes(disk) < 2 * 1024 * 1024);

            var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, _environment, "chaos", "clean");

            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("reverted disk_space_exhaustion full on " + disk, stdout, StringComparison.Ordinal);
            Assert.Contains("reverted the target's control group", stdout, StringComparison.Ordinal);
            Assert.All(groups, g => Assert.False(Directory.Exists(g), g));
            Assert.Empty(Directory.EnumerateFileSystemEntries(disk));
            Assert.Equal(16 * 1024 * 1024, DiskFillEffect.FreeBytes(disk));
            Assert.Empty(Directory.EnumerateFiles(_environment["REDLINE_CHAOS_DIR"]));
            Assert.False(Targets.LoopbackPorts.InUse(port), $"the killed run's target still listens on {port}");

            var (again, said, _) = await RedlineProcess.RunAsync(Limit, _environment, "chaos", "clean");
            Assert.Equal((0, true), (again, said.Contains("nothing to clean", StringComparison.Ordinal)));
        }
        finally
        {
            Mount("umount", disk);
        }
    }

    [RootFact]
    public async Task Run_PacketLoss_RealPacketsDroppedInTheTargetsOwnNamespaceWhichIsGoneAfter()
    {
        await Nftables.RequireAsync();
        var port = Targets.LoopbackPorts.Free();
        var suite = Write("loss.yaml", $$"""
            suite: packet-loss
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: redline
                args: [target, serve, --profile, optimized, --port, "{{port}}", --latency-scale, "0"]
                ready: /health
                ready_timeout: 60s
            components:
              cache:
                request: { method: GET, path: /api/cache/key-7, timeout: 5s }
            scenarios:
              loss:
                load: { model: open, rate: 300/s, duration: 8s, max_concurrency: 300 }
                chaos:
                  - packet_loss: 10%
                    at: 2s
                    for: 5s
            """);
        var outDir = Path.Combine(_dir, "loss");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, _environment, "run", suite, "--out", outDir, "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("/usr/bin/nsenter --net=/run/netns/redline-", stderr, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var loss = results.RootElement.GetProperty("scenarios")[0].GetProperty("chaos")[0];
        var achieved = loss.GetProperty("achieved").GetString() ?? loss.ToString();
        var match = System.Text.RegularExpressions.Regex.Match(achieved, @"^(?<share>\d+\.\d\d)% of packets dropped \((?<dropped>\d+) of (?<seen>\d+), both ways\)$");
        Assert.True(match.Success, achieved);
        var seen = long.Parse(match.Groups["seen"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var share = double.Parse(match.Groups["share"].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Counted by the rules themselves: within four binomial deviations of the 10% asked.
        Assert.True(seen >= 2000, achieved);
        var sd = 100 * Math.Sqrt(0.1 * 0.9 / seen);
        Assert.InRange(share, 10 - (4 * sd), 10 + (4 * sd));

        // A lost TCP segment costs a retransmission timeout (200 ms at least), not a failed request.
        Assert.True(loss.GetProperty("impact").GetProperty("p95_during_ms").GetDouble() >= 150, loss.ToString());
        Assert.Empty(Directory.Exists("/run/netns") ? Directory.EnumerateFiles("/run/netns", "redline-*") : []);
        Assert.Empty(Directory.EnumerateFiles(_environment["REDLINE_CHAOS_DIR"]));
        Assert.False(Targets.LoopbackPorts.InUse(port));
    }

    [Fact]
    public async Task Run_LeaseOfAKilledRunOnFile_TheNextRunRevertsItBeforeItStarts()
    {
        var journal = new FaultLeases(_environment["REDLINE_CHAOS_DIR"]);
        var ballast = Path.Combine(_dir, ".redline-ballast-old-1");
        File.WriteAllBytes(ballast, new byte[1024 * 1024]);
        using (var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            journal.Write(FaultLeases.New("old", 1, "disk_space_exhaustion full on " + _dir, TimeSpan.FromMinutes(1)) with { OwnerPid = gone.Id, OwnerStart = 1, Files = [ballast] });
        }

        var suite = Write("next.yaml", $$"""
            suite: next
            target:
              base_url: http://127.0.0.1:{{Targets.LoopbackPorts.Free()}}
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: open, rate: 1/s, duration: 1s }
            """);

        // Nothing answers there, so the run stops at its preflight; the sweep came first.
        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, _environment, "run", suite, "--out", Path.Combine(_dir, "next"), "--no-store");

        Assert.Equal(5, code);
        Assert.Contains($"redline: reverted disk_space_exhaustion full on {_dir}, left by run old (its Redline, pid ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ballast));
        Assert.Empty(journal.All());
    }

    private static int CountIn(string path, string kind)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(l => l.Contains($"\"kind\":\"{kind}\"", StringComparison.Ordinal));
    }

    private static void Mount(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
