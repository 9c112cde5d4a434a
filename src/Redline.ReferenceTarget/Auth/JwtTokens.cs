using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Redline.ReferenceTarget.Auth;

/// <summary>What a valid token says.</summary>
internal sealed record TokenClaims(long UserId, string Name, string Role, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>HS256 JSON Web Tokens: header.payload.signature, base64url, with an exp claim.</summary>
internal sealed class JwtTokens
{
    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Signs with a new random key: tokens do not outlive the process that issued them.</summary>
    public JwtTokens(TimeProvider time)
        : this(time, RandomNumberGenerator.GetBytes(32))
    {
    }

    public JwtTokens(TimeProvider time, byte[] key)
    {
        _time = time;
        _key = key;
    }

    /// <summary>A signed token for the user, valid for <see cref="Lifetime"/>.</summary>
    public (string Token, TokenClaims Claims) Issue(long userId, string name, string role)
    {
        // JWT times are whole seconds; the claims carry what the token says, not more.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var claims = new TokenClaims(userId, name, role, now, now + Lifetime);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sub", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("name", name);
            json.WriteString("role", role);
            json.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var unsigned = $"{Header}.{Base64Url.EncodeToString(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))}";
        return ($"{unsigned}.{Base64Url.EncodeToString(Sign(unsigned))}", claims);
    }

    /// <summary>The claims of <paramref name="token"/> when its signature holds and it has not expired; otherwise null.</summary>
    public TokenClaims? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign(token[..(parts[0].Length + 1 + parts[1].Length)])))
            {
                return null;
            }

            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
            {
                return null;
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            var claims = new TokenClaims(
                long.Parse(root.GetProperty("sub").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                root.GetProperty("name").GetString()!,
                root.GetProperty("role").GetString()!,
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("iat").GetInt64()),
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()));
            return claims.ExpiresAt > _time.GetUtcNow() ? claims : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned));
}
