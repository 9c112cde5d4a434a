using System.Globalization;

namespace Redline.ReferenceTarget.Auth;

/// <summary>The users the seed writes, with their known passwords, so suites can log in.</summary>
internal static class SeededUsers
{
    /// <summary>The administrator's name.</summary>
    public const string Admin = "alice";

    /// <summary>The administrator's password.</summary>
    public const string AdminPassword = "redline-alice";

    /// <summary>How many numbered users there are: user0 to user99.</summary>
    public const int NumberedUsers = 100;

    /// <summary>The name of numbered user <paramref name="n"/>.</summary>
    public static string Name(int n) => string.Create(CultureInfo.InvariantCulture, $"user{n}");

    /// <summary>The password of numbered user <paramref name="n"/>.</summary>
    public static string Password(int n) => string.Create(CultureInfo.InvariantCulture, $"password-{n}");

    /// <summary>Every seeded user: name, password and role; alice first.</summary>
    public static IEnumerable<(string Name, string Password, string Role)> All()
    {
        yield return (Admin, AdminPassword, "admin");
        for (var n = 0; n < NumberedUsers; n++)
        {
            yield return (Name(n), Password(n), n % 10 == 0 ? "operator" : "viewer");
        }
    }
}
