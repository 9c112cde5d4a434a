using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using Redline.Engine;
using Redline.MicroPacks;
using Redline.MicroPacks.Serialization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Bench;

/// <summary>
/// <c>redline bench serialization</c>: the seed's serialization pack (an order of 2, 200 or 8,000 lines as JSON,
/// MessagePack and Protocol Buffers, serialized and deserialized) run in process by BenchmarkDotNet, stored and judged.
/// </summary>
internal sealed class BenchSerializationCommand : AsyncCommand<BenchSerializationCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(now);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "runs", runId));
        var (formats, sizes, operations) = (settings.FormatList, settings.SizeList, settings.OperationList);
        var reports = SerializationPack.Run((formats, sizes, operations), PackJobs.Find(settings.Job)!, Path.Combine(outDir, "benchmarkdotnet"), Console.Out);
        var encoded = new ConcurrentDictionary<(string, string), int>();
        MicroColumn bytes = new("encoded", b => encoded.GetOrAdd((PackRuns.Parameter(b, "Format"), PackRuns.Parameter(b, "Size")), k => SerializationPack.EncodedSize(k.Item1, k.Item2)).ToString("N0", CultureInfo.InvariantCulture) + " B");
        AnsiConsole.MarkupLine("time/op is one serialization (into a reused buffer) or deserialization of the whole payload; encoded is its size in the format");
        return await PackRuns.JudgeAsync(settings, (runId, now, outDir, settings.Suite ?? "bench:serialization", "the serialization pack"), reports, formats.Count * sizes.Count * operations.Count, [bytes], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The options of <c>redline bench serialization</c>.</summary>
    internal sealed class Settings : PackSettings
    {
        [CommandOption("--formats <FORMATS>")]
        [Description("json (System.Text.Json, source-generated), msgpack (MessagePack), protobuf (Google.Protobuf); comma-separated or repeated. Default: all three.")]
        public string[] Formats { get; init; } = [];

        [CommandOption("--sizes <SIZES>")]
        [Description("small (an order of 2 lines, a few hundred bytes), medium (200 lines, about 25 KB as JSON), large (8,000 lines, about 1 MB as JSON). Default: all three.")]
        public string[] Sizes { get; init; } = [];

        [CommandOption("--operations <OPERATIONS>")]
        [Description("serialize, deserialize. Default: both.")]
        public string[] Operations { get; init; } = [];

        /// <summary>The formats to run, in the seed's order.</summary>
        public IReadOnlyList<string> FormatList => Ordered(Formats, SerializationPack.Formats);

        /// <summary>The sizes to run, in the seed's order.</summary>
        public IReadOnlyList<string> SizeList => Ordered(Sizes, SerializationPack.Sizes);

        /// <summary>The operations to run.</summary>
        public IReadOnlyList<string> OperationList => Ordered(Operations, SerializationPack.Operations);

        public override ValidationResult Validate()
        {
            var problems = PackProblems()
                .Concat(NameProblems("--formats", Given(Formats, SerializationPack.Formats), SerializationPack.Formats))
                .Concat(NameProblems("--sizes", Given(Sizes, SerializationPack.Sizes), SerializationPack.Sizes))
                .Concat(NameProblems("--operations", Given(Operations, SerializationPack.Operations), SerializationPack.Operations))
                .ToList();
            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }

        private static IReadOnlyList<string> Ordered(string[] given, IReadOnlyList<string> all) =>
            [.. all.Where(Given(given, all).Contains)];
    }
}
