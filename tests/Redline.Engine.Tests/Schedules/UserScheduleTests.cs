namespace Redline.Engine.Tests.Schedules;

public sealed class UserScheduleTests
{
    [Fact]
    public void Ramped_RampsUpHoldsAndRampsDown_AtTheRightMoments()
    {
        var schedule = UserSchedule.Ramped(100, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        Assert.Equal(0, schedule.UsersAt(TimeSpan.Zero));
        Assert.Equal(50, schedule.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(100, schedule.UsersAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(100, schedule.UsersAt(TimeSpan.FromSeconds(49.9)));
        Assert.Equal(50, schedule.UsersAt(TimeSpan.FromSeconds(55)));
        Assert.Equal(0, schedule.UsersAt(TimeSpan.FromSeconds(60)));
        Assert.Equal(100, schedule.MaxUsers);
    }

    [Fact]
    public void Stages_MoveLinearlyBetweenTargets()
    {
        var schedule = UserSchedule.Stages([new Stage(TimeSpan.FromSeconds(10), 20), new Stage(TimeSpan.FromSeconds(10), 20), new Stage(TimeSpan.FromSeconds(10), 40)]);

        Assert.Equal(10, schedule.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(20, schedule.UsersAt(TimeSpan.FromSeconds(15)));
        Assert.Equal(30, schedule.UsersAt(TimeSpan.FromSeconds(25)));
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Duration);
        Assert.Equal(40, schedule.MaxUsers);
    }

    [Fact]
    public void Gaussian_PeakHoursReachTheMaximum_QuietHoursStayNearTheMinimum()
    {
        // A 24-second scenario maps one hour of the day onto each second.
        var schedule = UserSchedule.Gaussian(500, 1500, [9, 12, 15, 18], TimeSpan.FromSeconds(24));

        foreach (var peak in new[] { 9, 12, 15, 18 })
        {
            Assert.Equal(1500, schedule.UsersAt(TimeSpan.FromSeconds(peak)));
        }

        Assert.Equal(500, schedule.UsersAt(TimeSpan.FromSeconds(2)));
        Assert.Equal(500, schedule.UsersAt(TimeSpan.FromSeconds(23.5)));

        // Half-way between two peaks the level dips, but stays above the minimum: exp(-1.5²/2) of the range.
        var between = schedule.UsersAt(TimeSpan.FromSeconds(10.5));
        Assert.Equal((int)Math.Round(500 + (1000 * Math.Exp(-1.125))), between);
        Assert.Equal(1500, schedule.MaxUsers);
    }

    [Fact]
    public void Gaussian_ScaledAndStretched_KeepsItsShape()
    {
        var schedule = UserSchedule.Gaussian(500, 1500, [12], TimeSpan.FromHours(24)).Scale(0.01).WithDuration(TimeSpan.FromSeconds(48));

        Assert.Equal(15, schedule.UsersAt(TimeSpan.FromSeconds(24)));
        Assert.Equal(5, schedule.UsersAt(TimeSpan.FromSeconds(2)));
        Assert.Equal(15, schedule.MaxUsers);
    }
}
