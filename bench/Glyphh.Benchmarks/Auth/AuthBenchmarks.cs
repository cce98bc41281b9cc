using System.Security.Claims;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Glyphh.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Benchmarks.Auth;

/// <summary>
/// Authentication + namespace authorization for one request (a fresh HttpContext and DI scope each time), Glyphh
/// versus the stock JwtBearer handler configured for the same validation (HS256 only, exp required, 30 s skew,
/// no claim mapping) with a policy that reads the <c>permissions</c> claim.
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private const string Secret = BenchJwt.Secret;
    private const string Namespace = "my-model";

    private ServiceProvider _glyphh = null!;
    private ServiceProvider _glyphhNoCache = null!;
    private ServiceProvider _jwtBearer = null!;
    private AuthorizationPolicy _glyphhPolicy = null!;
    private AuthorizationPolicy _bearerPolicy = null!;
    private string _token = "";
    private string[] _freshTokens = [];
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        // More tokens than the cache holds (10,000, cleared when full): every pick is a miss.
        _token = BenchJwt.Mint("user-0", Namespace);
        _freshTokens = [.. Enumerable.Range(1, 20_000).Select(i => BenchJwt.Mint("user-" + i, Namespace))];

        _glyphh = Glyphh(cacheSize: 10_000);
        _glyphhNoCache = Glyphh(cacheSize: 0);
        _glyphhPolicy = (await _glyphh.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(GlyphhAuthPolicies.NamespaceRead))!;

        var bearer = new ServiceCollection();
        bearer.AddLogging();
        bearer.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = BenchJwt.BearerParameters();
        });
        bearer.AddAuthorization();
        _jwtBearer = bearer.BuildServiceProvider();
        _bearerPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.Resource is HttpContext http && HasRead(c.User, (string)http.Request.RouteValues["namespace"]!))
            .Build();

        // Sanity: all three accept the token, so the numbers compare equal work.
        foreach (var (provider, policy) in new[] { (_glyphh, _glyphhPolicy), (_glyphhNoCache, _glyphhPolicy), (_jwtBearer, _bearerPolicy) })
        {
            if (!await AuthenticateAndAuthorize(provider, policy, _token))
            {
                throw new InvalidOperationException("A benchmark setup refused the token.");
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _glyphh.DisposeAsync();
        await _glyphhNoCache.DisposeAsync();
        await _jwtBearer.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "JwtBearer, any token")]
    public Task<bool> JwtBearer() => AuthenticateAndAuthorize(_jwtBearer, _bearerPolicy, _token);

    [Benchmark(Description = "Glyphh, repeated token (cached)")]
    public Task<bool> GlyphhRepeatedToken() => AuthenticateAndAuthorize(_glyphh, _glyphhPolicy, _token);

    [Benchmark(Description = "Glyphh, first sight of a token")]
    public Task<bool> GlyphhFirstSight() => AuthenticateAndAuthorize(_glyphh, _glyphhPolicy, _freshTokens[_next++ % _freshTokens.Length]);

    [Benchmark(Description = "Glyphh, cache off, new token each time")]
    public Task<bool> GlyphhCacheOffFreshTokens() => AuthenticateAndAuthorize(_glyphhNoCache, _glyphhPolicy, _freshTokens[_next++ % _freshTokens.Length]);

    [Benchmark(Description = "JwtBearer, new token each time")]
    public Task<bool> JwtBearerFreshTokens() => AuthenticateAndAuthorize(_jwtBearer, _bearerPolicy, _freshTokens[_next++ % _freshTokens.Length]);

    [Benchmark(Description = "Glyphh, cache off")]
    public Task<bool> GlyphhCacheOff() => AuthenticateAndAuthorize(_glyphhNoCache, _glyphhPolicy, _token);

    private static ServiceProvider Glyphh(int cacheSize)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = Secret;
            o.Jwt.TokenCacheSize = cacheSize;
        });
        return services.BuildServiceProvider();
    }

    private static async Task<bool> AuthenticateAndAuthorize(IServiceProvider root, AuthorizationPolicy policy, string token)
    {
        await using var scope = root.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        context.Request.RouteValues["namespace"] = Namespace;
        var result = await context.AuthenticateAsync();
        if (!result.Succeeded)
        {
            return false;
        }

        context.User = result.Principal;
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(context.User, context, policy)).Succeeded;
    }

    private static bool HasRead(ClaimsPrincipal user, string @namespace)
    {
        var permissions = user.FindFirst("permissions")?.Value;
        if (permissions is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(permissions);
        return document.RootElement.TryGetProperty(@namespace, out var verbs)
            && verbs.EnumerateArray().Any(v => v.GetString() is "read" or "admin");
    }
}
