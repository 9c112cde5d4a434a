using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Tests.Suites;

public sealed class ScenarioPlanTests
{
    private static readonly Step Unused = (_, _) => throw new NotSupportedException("Plans are only inspected here.");

    private readonly Suite _suite = LoadFull();

    [Fact]
    public void ToPlan_ScenarioWithMix_UsesOnlyMixComponentsWeightedByPercent()
    {
        var asked = new List<string>();
        var steady = _suite.FindScenario("steady")!;

        var plan = steady.ToPlan(c => { asked.Add(c.Name); return Unused; });

        Assert.Equal(["home", "login"], asked);
        Assert.Equal([("home", 70.0), ("login", 30.0)], plan.Components.Select(c => (c.Name, c.Weight)));
        Assert.Equal("steady", plan.Name);
        Assert.Equal("Normal operations", plan.Description);
        Assert.Same(steady.Load, plan.Load);
        Assert.Equal(steady.Criteria, plan.Criteria);
        Assert.Equal(42, plan.Seed);
        Assert.True(plan.AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(10), plan.AbortDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.GracefulStop);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.WarmUp);
        Assert.Equal(new GeneratorLimits(TimeSpan.FromMilliseconds(20), 80), plan.Generator);
    }

    [Fact]
    public void ToPlan_DurationOverride_StretchesTheRampsProportionally()
    {
        var plan = _suite.FindScenario("steady")!.ToPlan(_ => Unused, TimeSpan.FromSeconds(60));

        var users = Assert.IsType<ClosedLoad>(plan.Load).Users;
        Assert.Equal(TimeSpan.FromSeconds(60), plan.Load.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.WarmUp); // --duration leaves the warm-up as it is
        Assert.Equal(10, users.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(20, users.UsersAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(20, users.UsersAt(TimeSpan.FromSeconds(49)));
        Assert.Equal(10, users.UsersAt(TimeSpan.FromSeconds(55)));
    }

    [Fact]
    public void ToPlan_DurationOverride_StretchesTheBursts()
    {
        var plan = _suite.FindScenario("peak")!.ToPlan(_ => Unused, TimeSpan.FromMinutes(5));

        var rate = Assert.IsType<OpenLoad>(plan.Load).Rate;
        Assert.Equal(TimeSpan.FromMinutes(5), rate.Duration);
        Assert.Equal(new Burst(2000, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(2.5)), rate.Burst);
        Assert.Equal(200, rate.RateAt(TimeSpan.FromMinutes(1)), 9);
    }

    [Fact]
    public void ToPlan_Scale_MultipliesUsers()
    {
        var plan = _suite.FindScenario("steady")!.ToPlan(_ => Unused, scale: 2.5);

        var users = Assert.IsType<ClosedLoad>(plan.Load).Users;
        Assert.Equal(50, users.MaxUsers);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Load.Duration);
    }

    [Fact]
    public void ToPlan_Scale_MultipliesTheGaussianRange()
    {
        var plan = _suite.FindScenario("day")!.ToPlan(_ => Unused, scale: 0.5);

        var users = Assert.IsType<ClosedLoad>(plan.Load).Users;
        Assert.Equal(750, users.MaxUsers);
        Assert.Equal(250, users.UsersAt(TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void ToPlan_TinyScale_KeepsOneUserAtThePeak()
    {
        var plan = _suite.FindScenario("steady")!.ToPlan(_ => Unused, scale: 0.001);

        var users = Assert.IsType<ClosedLoad>(plan.Load).Users;
        Assert.Equal(1, users.MaxUsers);
        Assert.Equal(1, users.UsersAt(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void ToPlan_ScaleOnOpenModel_MultipliesRatesAndBursts()
    {
        var plan = _suite.FindScenario("peak")!.ToPlan(_ => Unused, TimeSpan.FromMinutes(20), 0.5);

        var rate = Assert.IsType<OpenLoad>(plan.Load).Rate;
        Assert.Equal(100, rate.RateAt(TimeSpan.FromMinutes(1)), 9);
        Assert.Equal(1100, rate.PeakRate, 9);
        Assert.Equal(TimeSpan.FromMinutes(20), rate.Duration);
        Assert.Equal(TimeSpan.FromMinutes(10), rate.Burst!.Value.Every);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ToPlan_ScaleNotAboveZero_Throws(double scale)
    {
        var steady = _suite.FindScenario("steady")!;

        Assert.Throws<ArgumentOutOfRangeException>(() => steady.ToPlan(_ => Unused, scale: scale));
    }

    [Fact]
    public void ToPlan_ZeroDurationOverride_Throws()
    {
        var steady = _suite.FindScenario("steady")!;

        Assert.Throws<ArgumentOutOfRangeException>(() => steady.ToPlan(_ => Unused, TimeSpan.Zero));
    }

    private static Suite LoadFull()
    {
        var result = TempSuite.Load(SuiteLoaderTests.FullSuite);
        Assert.Empty(result.Errors);
        return result.Suite!;
    }
}
