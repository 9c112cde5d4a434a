using Redline.ReferenceTarget.Auth;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Auth;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class AuthEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Login_SeededUser_ReturnsTokenThatMeAccepts(Profile profile)
    {
        var deployment = deployments[profile];

        var (status, login) = await deployment.PostAsync("/api/auth/login", new { user = "user7", password = "password-7" });
        var token = login.GetProperty("token").GetString()!;
        var (meStatus, me) = await deployment.GetAsync("/api/auth/me", token);

        Assert.Equal(200, status);
        Assert.Equal("Bearer", login.GetProperty("tokenType").GetString());
        Assert.Equal(3, token.Split('.').Length);
        Assert.Equal("user7", login.GetProperty("user").GetProperty("name").GetString());
        Assert.True(login.GetProperty("expiresAt").GetDateTimeOffset() > TimeProvider.System.GetUtcNow());
        Assert.Equal(200, meStatus);
        Assert.Equal("user7", me.GetProperty("name").GetString());
        Assert.Equal("viewer", me.GetProperty("role").GetString());
        Assert.Equal(login.GetProperty("user").GetProperty("id").GetInt64(), me.GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Login_Admin_HasAdminRole(Profile profile)
    {
        var (status, login) = await deployments[profile].PostAsync("/api/auth/login", new { user = SeededUsers.Admin, password = SeededUsers.AdminPassword });

        Assert.Equal(200, status);
        Assert.Equal("admin", login.GetProperty("user").GetProperty("role").GetString());
    }

    [Theory]
    [InlineData(Profile.Baseline, "user7", "password-8")]
    [InlineData(Profile.Optimized, "user7", "password-8")]
    [InlineData(Profile.Baseline, "nobody", "password-1")]
    [InlineData(Profile.Optimized, "nobody", "password-1")]
    public async Task Login_WrongCredentials_Returns401(Profile profile, string user, string password)
    {
        var (status, body) = await deployments[profile].PostAsync("/api/auth/login", new { user, password });

        Assert.Equal(401, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Me_TamperedToken_Returns401(Profile profile)
    {
        var deployment = deployments[profile];
        var (_, login) = await deployment.PostAsync("/api/auth/login", new { user = "user3", password = "password-3" });
        var parts = login.GetProperty("token").GetString()!.Split('.');
        // Claim to be someone else while keeping the original signature.
        var forged = System.Buffers.Text.Base64Url.EncodeToString("""{"sub":"1","name":"alice","role":"admin","iat":1,"exp":99999999999}"""u8);
        // The genuine token is validated (and, optimized, cached) first: the cache must not vouch for a forgery.
        await deployment.GetAsync("/api/auth/me", login.GetProperty("token").GetString());

        var (status, _) = await deployment.GetAsync("/api/auth/me", $"{parts[0]}.{forged}.{parts[2]}");

        Assert.Equal(401, status);
    }

    [Theory]
    [InlineData(Profile.Baseline, null)]
    [InlineData(Profile.Optimized, null)]
    [InlineData(Profile.Baseline, "not-a-token")]
    [InlineData(Profile.Optimized, "a.b.c")]
    public async Task Me_MissingOrMalformedToken_Returns401(Profile profile, string? token)
    {
        var (status, _) = await deployments[profile].GetAsync("/api/auth/me", token);

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Me_OptimizedRepeated_SecondIsServedFromTheTokenCache()
    {
        var deployment = deployments[Profile.Optimized];
        var (_, login) = await deployment.PostAsync("/api/auth/login", new { user = "user11", password = "password-11" });
        var token = login.GetProperty("token").GetString();

        var (_, first) = await deployment.GetAsync("/api/auth/me", token);
        var (_, second) = await deployment.GetAsync("/api/auth/me", token);

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task Me_BaselineRepeated_ValidatesEveryTime()
    {
        var deployment = deployments[Profile.Baseline];
        var (_, login) = await deployment.PostAsync("/api/auth/login", new { user = "user12", password = "password-12" });
        var token = login.GetProperty("token").GetString();

        await deployment.GetAsync("/api/auth/me", token);
        var (_, second) = await deployment.GetAsync("/api/auth/me", token);

        Assert.False(second.GetProperty("cached").GetBoolean());
    }
}
