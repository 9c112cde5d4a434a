using System.Text;

namespace Redline.ReferenceTarget.Experts;

/// <summary>The circle's experts and how each one phrases an answer to a question.</summary>
internal static class ExpertRoster
{
    /// <summary>The most experts one query may consult.</summary>
    public static int Count => Experts.Length;

    private static readonly (string Name, string[] Vocabulary)[] Experts =
    [
        ("architect", ["boundaries", "modules", "coupling", "interfaces", "layering", "contracts", "evolution", "topology"]),
        ("security", ["threats", "secrets", "tokens", "least-privilege", "audit", "encryption", "rotation", "exposure"]),
        ("performance", ["latency", "throughput", "profiling", "allocation", "hot-path", "percentiles", "contention", "batching"]),
        ("reliability", ["redundancy", "failover", "timeouts", "retries", "budgets", "incidents", "recovery", "degradation"]),
        ("database", ["indexes", "queries", "transactions", "replicas", "schema", "locking", "vacuum", "plans"]),
        ("network", ["bandwidth", "packets", "keep-alive", "handshakes", "routing", "compression", "proxies", "mtu"]),
        ("cost", ["spend", "rightsizing", "reservations", "utilisation", "waste", "forecast", "chargeback", "savings"]),
        ("operations", ["runbooks", "alerts", "dashboards", "on-call", "rollouts", "canaries", "toil", "automation"]),
        ("data", ["pipelines", "freshness", "lineage", "partitions", "retention", "quality", "backfills", "streams"]),
        ("ux", ["responsiveness", "feedback", "errors", "accessibility", "perceived", "journeys", "defaults", "clarity"]),
    ];

    // Words every expert reaches for: what the experts share, and what consensus scoring finds.
    private static readonly string[] Common =
    [
        "cache", "pool", "parallel", "index", "monitor", "measure", "baseline", "regression", "capacity", "scale",
        "queue", "limit", "budget", "risk", "rollout", "observe", "simplify", "isolate", "verify", "iterate",
    ];

    private static readonly string[] Connectives = ["then", "because", "so", "while", "and", "before", "after", "unless"];

    /// <summary>The name of expert <paramref name="index"/>.</summary>
    public static string Name(int index) => Experts[index].Name;

    /// <summary>
    /// Expert <paramref name="index"/>'s answer to <paramref name="question"/>: a few hundred words
    /// mixing the question's terms, the common vocabulary and the expert's own, the same every time.
    /// </summary>
    public static string Answer(string question, int index, int seed)
    {
        var random = new Random(StableHash.Of(question, seed * 31 + index));
        var questionWords = Tokens(question);
        var vocabulary = Experts[index].Vocabulary;
        var text = new StringBuilder(4096);
        var sentences = 14 + random.Next(6);
        for (var s = 0; s < sentences; s++)
        {
            var words = 12 + random.Next(10);
            for (var w = 0; w < words; w++)
            {
                var roll = random.NextDouble();
                var word = roll < 0.25 && questionWords.Length > 0 ? questionWords[random.Next(questionWords.Length)]
                    : roll < 0.6 ? Common[random.Next(Common.Length)]
                    : roll < 0.9 ? vocabulary[random.Next(vocabulary.Length)]
                    : Connectives[random.Next(Connectives.Length)];
                if (w == 0)
                {
                    text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                }
                else
                {
                    text.Append(' ').Append(word);
                }
            }

            text.Append(". ");
        }

        return text.ToString().TrimEnd();
    }

    private static string[] Tokens(string question) =>
        [.. ConsensusScorer.Tokenize(question).Where(t => t.Length > 2).Distinct(StringComparer.Ordinal)];
}
