using System.Collections.Concurrent;
using Redline.ReferenceTarget.Data;

namespace Redline.ReferenceTarget.Auth;

/// <summary>A user as the auth endpoints show it.</summary>
internal sealed record UserInfo(long Id, string Name, string Role);

/// <summary>Logins against the user table and token checks; the optimized profile remembers validated tokens.</summary>
internal sealed class AuthService(SqlSessions sessions, JwtTokens tokens, ReferenceOptions options, TimeProvider time)
{
    // Past this many remembered tokens the cache starts over, so it cannot grow without bound.
    private const int MaxCachedTokens = 100_000;

    private const string SelectByName = "SELECT id, name, role, salt, hash, iterations FROM users WHERE name = $name";
    private const string SelectById = "SELECT id, name, role FROM users WHERE id = $id";

    // Hashed when the user does not exist, so that unknown names take as long as wrong passwords.
    private static readonly byte[] DummySalt = new byte[16];

    private readonly ConcurrentDictionary<string, (TokenClaims Claims, UserInfo User)> _validated = new(StringComparer.Ordinal);

    /// <summary>A token and the user when <paramref name="password"/> is right; otherwise null.</summary>
    public (string Token, TokenClaims Claims, UserInfo User)? Login(string name, string password)
    {
        var stored = sessions.Use(session =>
        {
            using var reader = session.Command(SelectByName, ("$name", name)).ExecuteReader();
            return reader.Read()
                ? (User: new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), Salt: (byte[])reader[3], Hash: (byte[])reader[4], Iterations: reader.GetInt32(5))
                : default;
        });

        if (stored.User is null)
        {
            _ = PasswordHasher.Derive(password, DummySalt, PasswordHasher.Iterations);
            return null;
        }

        if (!PasswordHasher.Verify(password, stored.Salt, stored.Hash, stored.Iterations))
        {
            return null;
        }

        var (token, claims) = tokens.Issue(stored.User.Id, stored.User.Name, stored.User.Role);
        return (token, claims, stored.User);
    }

    /// <summary>The token's user when the token is valid and the user still exists; whether the answer came from the cache.</summary>
    public (TokenClaims Claims, UserInfo User, bool Cached)? Me(string token)
    {
        var optimized = options.Profile == Profile.Optimized;
        if (optimized && _validated.TryGetValue(token, out var known))
        {
            if (known.Claims.ExpiresAt > time.GetUtcNow())
            {
                return (known.Claims, known.User, true);
            }

            _validated.TryRemove(token, out _);
        }

        if (tokens.Validate(token) is not { } claims)
        {
            return null;
        }

        var user = sessions.Use(session =>
        {
            using var reader = session.Command(SelectById, ("$id", claims.UserId)).ExecuteReader();
            return reader.Read() ? new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
        });
        if (user is null)
        {
            return null;
        }

        if (optimized)
        {
            if (_validated.Count >= MaxCachedTokens)
            {
                _validated.Clear();
            }

            _validated[token] = (claims, user);
        }

        return (claims, user, false);
    }
}
