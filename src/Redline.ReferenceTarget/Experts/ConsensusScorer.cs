using System.Text;

namespace Redline.ReferenceTarget.Experts;

/// <summary>The outcome of consensus scoring.</summary>
/// <param name="Winner">The answer that agrees most with the others.</param>
/// <param name="Agreement">Each answer's mean cosine similarity to the others, 0 to 1.</param>
/// <param name="Keywords">The terms that weigh most across all answers.</param>
internal sealed record Consensus(int Winner, IReadOnlyList<double> Agreement, IReadOnlyList<string> Keywords);

/// <summary>
/// Picks the consensus among the experts' answers: TF-IDF vectors over words and word pairs,
/// pairwise cosine similarity, and the answer closest to all the others. This is the real CPU
/// work of aggregation, the part latency scaling does not shrink.
/// </summary>
internal static class ConsensusScorer
{
    private const int KeywordCount = 8;

    /// <summary>Lower-case words of letters, digits and hyphens.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '-')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    public static Consensus Score(IReadOnlyList<string> answers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(answers.Count);
        var counts = answers.Select(TermCounts).ToArray();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var terms in counts)
        {
            foreach (var term in terms.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var vectors = counts.Select(terms => Weigh(terms, documentFrequency, answers.Count)).ToArray();
        var agreement = new double[answers.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            for (var j = i + 1; j < vectors.Length; j++)
            {
                var similarity = Cosine(vectors[i], vectors[j]);
                agreement[i] += similarity;
                agreement[j] += similarity;
            }
        }

        var winner = 0;
        for (var i = 0; i < agreement.Length; i++)
        {
            agreement[i] = answers.Count == 1 ? 1 : Math.Round(agreement[i] / (answers.Count - 1), 4);
            if (agreement[i] > agreement[winner])
            {
                winner = i;
            }
        }

        return new Consensus(winner, agreement, Keywords(vectors));
    }

    private static Dictionary<string, int> TermCounts(string answer)
    {
        var tokens = Tokenize(answer);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            counts[tokens[i]] = counts.GetValueOrDefault(tokens[i]) + 1;
            if (i + 1 < tokens.Count)
            {
                var pair = string.Concat(tokens[i], " ", tokens[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + 1;
            }
        }

        return counts;
    }

    private static Dictionary<string, double> Weigh(Dictionary<string, int> counts, Dictionary<string, int> documentFrequency, int documents)
    {
        var total = counts.Values.Sum();
        var vector = new Dictionary<string, double>(counts.Count, StringComparer.Ordinal);
        foreach (var (term, count) in counts)
        {
            // Smoothed IDF keeps terms every expert uses above zero: shared terms are what agreement is made of.
            var idf = Math.Log((1.0 + documents) / (1.0 + documentFrequency[term])) + 1;
            vector[term] = (double)count / total * idf;
        }

        return vector;
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count > b.Count)
        {
            (a, b) = (b, a);
        }

        double dot = 0;
        foreach (var (term, weight) in a)
        {
            if (b.TryGetValue(term, out var other))
            {
                dot += weight * other;
            }
        }

        var norms = Math.Sqrt(a.Values.Sum(w => w * w)) * Math.Sqrt(b.Values.Sum(w => w * w));
        return norms == 0 ? 0 : dot / norms;
    }

    private static string[] Keywords(Dictionary<string, double>[] vectors)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var vector in vectors)
        {
            foreach (var (term, weight) in vector)
            {
                if (term.Length > 3 && !term.Contains(' ', StringComparison.Ordinal))
                {
                    totals[term] = totals.GetValueOrDefault(term) + weight;
                }
            }
        }

        return [.. totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(KeywordCount).Select(t => t.Key)];
    }
}
