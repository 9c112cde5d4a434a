using System.Security.Cryptography;
using System.Text;

namespace Redline.ReferenceTarget.Auth;

/// <summary>PBKDF2-SHA256 password hashes, at a cost that makes a login do real work.</summary>
internal static class PasswordHasher
{
    /// <summary>Iterations per hash: a few milliseconds of one core, as a real login costs.</summary>
    public const int Iterations = 12_000;

    private const int HashBytes = 32;

    /// <summary>Whether <paramref name="password"/> matches, compared in constant time.</summary>
    public static bool Verify(string password, byte[] salt, byte[] hash, int iterations) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), hash);

    /// <summary>The PBKDF2-SHA256 hash of <paramref name="password"/>.</summary>
    public static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
