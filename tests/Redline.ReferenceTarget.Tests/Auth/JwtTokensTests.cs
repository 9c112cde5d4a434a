using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Redline.ReferenceTarget.Auth;

namespace Redline.ReferenceTarget.Tests.Auth;

public sealed class JwtTokensTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Issue_Token_IsHs256WithSubAndExp()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var (token, claims) = new JwtTokens(time, Key).Issue(42, "alice", "admin");

        var parts = token.Split('.');
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("42", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal(time.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(time.GetUtcNow().AddHours(1), claims.ExpiresAt);
    }

    [Fact]
    public void Validate_BeforeAndAfterExpiry_AcceptsThenRejects()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var tokens = new JwtTokens(time, Key);
        var (token, _) = tokens.Issue(7, "user6", "viewer");

        time.Advance(TimeSpan.FromMinutes(59));
        var fresh = tokens.Validate(token);
        time.Advance(TimeSpan.FromMinutes(2));
        var expired = tokens.Validate(token);

        Assert.Equal("user6", fresh?.Name);
        Assert.Null(expired);
    }

    [Fact]
    public void Validate_SignedWithAnotherKey_IsRejected()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var (token, _) = new JwtTokens(time, Key).Issue(7, "user6", "viewer");

        Assert.Null(new JwtTokens(time, [.. Key.Reverse()]).Validate(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("one.two")]
    [InlineData("!!.??.**")]
    [InlineData("a.b.c.d")]
    public void Validate_Malformed_IsRejected(string token)
    {
        Assert.Null(new JwtTokens(TimeProvider.System, Key).Validate(token));
    }
}
