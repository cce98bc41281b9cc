using System.Security.Cryptography;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Tests;

/// <summary>Settings are validated at start-up with messages that name the setting; registration is idempotent.</summary>
public sealed class GlyphhAuthOptionsTests
{
    private static GlyphhAuthOptions Resolve(Action<GlyphhAuthOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GlyphhAuthOptions>>().Value;
    }

    private static string Failure(Action<GlyphhAuthOptions> configure) =>
        Assert.Throws<OptionsValidationException>(() => Resolve(configure)).Message;

    [Fact]
    public void Validate_ShortSecret_NamesJwtSecretKeyWithoutEchoingIt()
    {
        var message = Failure(o => o.Jwt.SecretKey = "too-short-secret");
        Assert.Contains("JWT_SECRET_KEY", message, StringComparison.Ordinal);
        Assert.Contains("256 bits", message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretOfExactly32Bytes_IsAccepted()
    {
        Assert.Equal(32, Resolve(o => o.Jwt.SecretKey = new string('s', 32)).Jwt.SecretKey!.Length);
    }

    [Theory]
    [InlineData("HS384", 47, "384 bits (48 bytes)")]
    [InlineData("HS512", 32, "512 bits (64 bytes)")]
    [InlineData("HS512", 63, "512 bits (64 bytes)")]
    public void Validate_HmacAlgorithmLongerThanTheSecret_IsRefused(string algorithm, int secretBytes, string needed)
    {
        var secret = new string('k', secretBytes);
        var message = Failure(o =>
        {
            o.Jwt.SecretKey = secret;
            o.Jwt.ValidAlgorithms = ["HS256", algorithm];
        });
        Assert.Contains($"accepts {algorithm}", message, StringComparison.Ordinal);
        Assert.Contains(needed, message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS384", 48)]
    [InlineData("HS512", 64)]
    public void Validate_HmacAlgorithmWithALongEnoughSecret_IsAccepted(string algorithm, int secretBytes)
    {
        Assert.Contains(algorithm, Resolve(o =>
        {
            o.Jwt.SecretKey = new string('k', secretBytes);
            o.Jwt.ValidAlgorithms = [algorithm];
        }).Jwt.ValidAlgorithms);
    }

    [Fact]
    public void Validate_JwtModeWithoutAnyKey_NamesJwtSecretKey()
    {
        Assert.Contains("JWT_SECRET_KEY", Failure(_ => { }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ModeNoneWithoutSecret_IsAccepted()
    {
        Assert.Equal(AuthMode.None, Resolve(o => o.Mode = AuthMode.None).Mode);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("RS1")]
    [InlineData("HS256 ")]
    public void Validate_UnsupportedAlgorithm_IsRefused(string algorithm)
    {
        var message = Failure(o =>
        {
            o.Jwt.SecretKey = Tokens.Secret;
            o.Jwt.ValidAlgorithms = [algorithm];
        });
        Assert.Contains("Glyphh:Auth:Jwt:ValidAlgorithms", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrivateKeyPem_IsRefused()
    {
        using var rsa = RSA.Create(2048);
        var message = Failure(o => o.Jwt.PublicKeys = [rsa.ExportPkcs8PrivateKeyPem()]);
        Assert.Contains("Glyphh:Auth:Jwt:PublicKeys:0", message, StringComparison.Ordinal);
        Assert.Contains("not a private key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GarbagePem_IsRefused()
    {
        Assert.Contains("Glyphh:Auth:Jwt:PublicKeys:0", Failure(o => o.Jwt.PublicKeys = ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClockSkewOverFiveMinutes_IsRefused()
    {
        Assert.Contains("Glyphh:Auth:Jwt:ClockSkew", Failure(o =>
        {
            o.Jwt.SecretKey = Tokens.Secret;
            o.Jwt.ClockSkew = TimeSpan.FromMinutes(10);
        }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApiKeyWithPlainKeyInsteadOfHash_IsRefused()
    {
        var message = Failure(o =>
        {
            o.Mode = AuthMode.ApiKey;
            o.ApiKeys.Add(new GlyphhApiKeyOptions { Name = "ops", Sha256 = "my-plain-key" });
        });
        Assert.Contains("Sha256", message, StringComparison.Ordinal);
        Assert.Contains("64 hex digits", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApiKeyWithUnknownVerb_IsRefused()
    {
        var message = Failure(o =>
        {
            o.Mode = AuthMode.ApiKey;
            o.ApiKeys.Add(new GlyphhApiKeyOptions
            {
                Name = "ops",
                Sha256 = new string('a', 64),
                Permissions = new Dictionary<string, IList<string>> { ["m1"] = ["delete"] },
            });
        });
        Assert.Contains("Glyphh:Auth:ApiKeys:0:Permissions", message, StringComparison.Ordinal);
        Assert.Contains("'delete'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateApiKeyNames_AreRefused()
    {
        Assert.Contains("is used by another key", Failure(o =>
        {
            o.Mode = AuthMode.ApiKey;
            o.ApiKeys.Add(new GlyphhApiKeyOptions { Name = "ops", Sha256 = new string('a', 64) });
            o.ApiKeys.Add(new GlyphhApiKeyOptions { Name = "ops", Sha256 = new string('b', 64) });
        }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApiKeyModeWithoutKeys_IsRefused()
    {
        Assert.Contains("Glyphh:Auth:ApiKeys", Failure(o => o.Mode = AuthMode.ApiKey), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0")]
    [InlineData("fe80::/129")]
    [InlineData("")]
    public void Validate_BadCidr_NamesAllowlistEntry(string cidr)
    {
        var message = Failure(o =>
        {
            o.Mode = AuthMode.None;
            o.IpAllowlists["admin"] = ["10.0.0.0/8", cidr];
        });
        Assert.Contains("Glyphh:Auth:IpAllowlists:admin:1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadTrustedProxy_IsRefused()
    {
        Assert.Contains("Glyphh:Auth:TrustedProxies:0", Failure(o =>
        {
            o.Mode = AuthMode.None;
            o.TrustedProxies = ["proxy.local"];
        }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGlyphhAuth_CalledTwice_RegistersOneSchemeAndThePolicies()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(o => o.Jwt.SecretKey = Tokens.Secret);
        services.AddGlyphhAuth(o => o.IpAllowlists["admin"] = ["10.0.0.0/8"]);
        await using var provider = services.BuildServiceProvider();
        var schemes = await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.Equal(GlyphhAuthDefaults.AuthenticationScheme, Assert.Single(schemes).Name);
        Assert.Equal(GlyphhAuthDefaults.AuthenticationScheme, (await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync())?.Name);
        var policies = provider.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var name in new[] { GlyphhAuthPolicies.NamespaceRead, GlyphhAuthPolicies.NamespaceWrite, GlyphhAuthPolicies.NamespaceAdmin, GlyphhAuthPolicies.PlatformAdmin, GlyphhAuthPolicies.IpAllowlist("admin") })
        {
            Assert.NotNull(await policies.GetPolicyAsync(name));
        }

        Assert.Single(provider.GetServices<IAuthorizationHandler>(), h => h.GetType().Name == "GlyphhAuthorizationHandler");
    }

    [Fact]
    public async Task Startup_WithShortSecret_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await AuthTestHost.StartAsync(o => o.Jwt.SecretKey = "short");
        });
        Assert.Contains("JWT_SECRET_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateLimitOptions_UnknownGlobalPolicy_IsRefused()
    {
        var services = new ServiceCollection();
        services.AddGlyphhAuth().AddRateLimiting(o => o.GlobalPolicy = "missing");
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GlyphhRateLimitOptions>>().Value);
        Assert.Contains("Glyphh:Auth:RateLimits:GlobalPolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateLimitOptions_ZeroPermitLimit_IsRefused()
    {
        var services = new ServiceCollection();
        services.AddGlyphhAuth().AddRateLimiting(o => o.Policies["api"] = new GlyphhRateLimitPolicy { PermitLimit = 0 });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GlyphhRateLimitOptions>>().Value);
        Assert.Contains("Glyphh:Auth:RateLimits:Policies:api:PermitLimit", error.Message, StringComparison.Ordinal);
    }
}
