using Redline.ReferenceTarget.Experts;

namespace Redline.ReferenceTarget.Tests.Experts;

public sealed class ConsensusScorerTests
{
    [Fact]
    public void Score_OneAnswerUnlikeTheOthers_PicksOneOfTheAgreeingAnswers()
    {
        string[] answers =
        [
            "Cache the hot path and pool the connections before you scale.",
            "Pool the connections and cache the hot path, then scale.",
            "Rotate every secret weekly and audit token exposure.",
            "Cache the hot path, pool connections, scale out later.",
        ];

        var consensus = ConsensusScorer.Score(answers);

        Assert.NotEqual(2, consensus.Winner);
        Assert.True(consensus.Agreement[2] < consensus.Agreement[consensus.Winner]);
        Assert.Contains("cache", consensus.Keywords);
    }

    [Fact]
    public void Score_IdenticalAnswers_AgreeFully()
    {
        var consensus = ConsensusScorer.Score(["index the events table", "index the events table"]);

        Assert.All(consensus.Agreement, a => Assert.Equal(1, a, precision: 6));
    }

    [Fact]
    public void Score_SingleAnswer_IsTheConsensus()
    {
        var consensus = ConsensusScorer.Score(["only one expert spoke"]);

        Assert.Equal(0, consensus.Winner);
        Assert.Equal([1.0], consensus.Agreement);
    }

    [Fact]
    public void Answer_SameQuestionAndSeed_IsTheSameText()
    {
        var first = ExpertRoster.Answer("How do we cut latency?", 2, seed: 7);
        var second = ExpertRoster.Answer("How do we cut latency?", 2, seed: 7);
        var otherExpert = ExpertRoster.Answer("How do we cut latency?", 3, seed: 7);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherExpert);
        Assert.Contains("latency", ConsensusScorer.Tokenize(first));
    }
}
