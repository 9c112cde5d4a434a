using System.Collections.Concurrent;

namespace Redline.ReferenceTarget.Experts;

/// <summary>One expert's part in an answer.</summary>
internal sealed record ExpertOpinion(string Name, double ThinkMs, double Agreement);

/// <summary>The answer the experts agree on most.</summary>
internal sealed record ConsensusAnswer(string Expert, string Answer, double Score);

/// <summary>The answer of <c>POST /api/experts/query</c>.</summary>
internal sealed record ExpertsAnswer(
    string Question,
    string Profile,
    string Mode,
    ConsensusAnswer Consensus,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<ExpertOpinion> Experts,
    bool Cached,
    double ElapsedMs);

/// <summary>
/// The Circle of Experts. Each expert thinks for a seeded log-normal time, then the answers are
/// scored for consensus. The baseline asks the experts one after another; the optimized profile
/// asks them all at once and remembers the answers to repeated questions.
/// </summary>
internal sealed class ExpertPanel(ReferenceOptions options, TimeProvider time)
{
    /// <summary>How many experts a query consults unless it says otherwise.</summary>
    public const int DefaultExperts = 5;

    /// <summary>
    /// The median think time at scale 1. With <see cref="Sigma"/> 0.45, five experts in a row have a
    /// median total of about 2540 ms (the seed's baseline P50 is 2500) and five at once a median of about
    /// 780 ms and a p95 of about 1340 ms (its targets are 800 and 1500).
    /// </summary>
    public const double MedianThinkMs = 470;

    /// <summary>The spread of the think time's logarithm.</summary>
    public const double Sigma = 0.45;

    // Past this many remembered answers the cache starts over, so it cannot grow without bound.
    private const int MaxCachedAnswers = 4096;

    private readonly LogNormalDraws _draws = new(options.Seed);
    private readonly ConcurrentDictionary<string, ExpertsAnswer> _cache = new(StringComparer.Ordinal);

    /// <summary>Consults <paramref name="experts"/> experts; <paramref name="useCache"/> false forces a fresh consultation.</summary>
    public async Task<ExpertsAnswer> AskAsync(string question, int experts, bool useCache, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var optimized = options.Profile == Profile.Optimized;
        var key = $"{experts}|{Normalize(question)}";
        if (optimized && useCache && _cache.TryGetValue(key, out var remembered))
        {
            return remembered with { Cached = true, ElapsedMs = ElapsedMs(started) };
        }

        var thinkMs = DrawThinkTimes(experts);
        string[] answers;
        if (optimized)
        {
            answers = await Task.WhenAll(Enumerable.Range(0, experts).Select(i => ConsultAsync(question, i, thinkMs[i], cancellationToken)));
        }
        else
        {
            answers = new string[experts];
            for (var i = 0; i < experts; i++)
            {
                answers[i] = await ConsultAsync(question, i, thinkMs[i], cancellationToken);
            }
        }

        var consensus = ConsensusScorer.Score(answers);
        var answer = new ExpertsAnswer(
            question,
            ReferenceDeployment.ProfileName(options.Profile),
            optimized ? "parallel" : "sequential",
            new ConsensusAnswer(ExpertRoster.Name(consensus.Winner), answers[consensus.Winner], consensus.Agreement[consensus.Winner]),
            consensus.Keywords,
            [.. Enumerable.Range(0, experts).Select(i => new ExpertOpinion(ExpertRoster.Name(i), Math.Round(thinkMs[i], 3), consensus.Agreement[i]))],
            Cached: false,
            ElapsedMs(started));

        if (optimized && useCache)
        {
            if (_cache.Count >= MaxCachedAnswers)
            {
                _cache.Clear();
            }

            _cache[key] = answer;
        }

        return answer;
    }

    private async Task<string> ConsultAsync(string question, int expert, double thinkMs, CancellationToken cancellationToken)
    {
        if (thinkMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(thinkMs), time, cancellationToken);
        }

        return ExpertRoster.Answer(question, expert, options.Seed);
    }

    /// <summary>Log-normal think times, drawn together so that a seed gives the same sequence in both profiles.</summary>
    private double[] DrawThinkTimes(int experts) =>
        [.. _draws.NextMs(experts, MedianThinkMs, Sigma).Select(ms => ms * options.LatencyScale)];

    private double ElapsedMs(long started) => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3);

    private static string Normalize(string question) =>
        string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
