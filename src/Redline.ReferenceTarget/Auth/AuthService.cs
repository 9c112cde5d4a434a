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

    /// <summary>Forgets the validated tokens (after the warm-up).</summary>
    public void Reset() => _validated.Clear();

    /// <summary>
    /// A token and the user when <paramref name="password"/> is right; otherwise null. The baseline makes two
    /// units of work of it against the database (the credentials, then, once the password is verified, the profile
    /// that goes into the token); the optimized profile takes both from the one query it needs anyway.
    /// </summary>
    public async Task<(string Token, TokenClaims Claims, UserInfo User)?> LoginAsync(string name, string password, CancellationToken cancellationToken)
    {
        var stored = await sessions.UseAsync(session =>
        {
            using var reader = session.Command(SelectByName, ("$name", name)).ExecuteReader();
            return reader.Read()
                ? (User: new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), Salt: (byte[])reader[3], Hash: (byte[])reader[4], Iterations: reader.GetInt32(5))
                : default;
        }, cancellationToken);

        if (stored.User is null)
        {
            _ = PasswordHasher.Derive(password, DummySalt, PasswordHasher.Iterations);
            return null;
        }

        if (!PasswordHasher.Verify(password, stored.Salt, stored.Hash, stored.Iterations))
        {
            return null;
        }

        var user = options.Profile == Profile.Optimized ? stored.User : await FindUserAsync(stored.User.Id, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var (token, claims) = tokens.Issue(user.Id, user.Name, user.Role);
        return (token, claims, user);
    }

    /// <summary>The token's user when the token is valid and the user still exists; whether the answer came from the cache.</summary>
    public async Task<(TokenClaims Claims, UserInfo User, bool Cached)?> MeAsync(string token, CancellationToken cancellationToken)
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

        var user = await FindUserAsync(claims.UserId, cancellationToken);
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

    private Task<UserInfo?> FindUserAsync(long id, CancellationToken cancellationToken) => sessions.UseAsync(session =>
    {
        using var reader = session.Command(SelectById, ("$id", id)).ExecuteReader();
        return reader.Read() ? new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }, cancellationToken);
}
