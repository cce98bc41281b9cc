using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Glyphh.Auth;
using Glyphh.Auth.Authentication.Internal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Benchmarks.Auth;

/// <summary>
/// The pieces of an authenticated request on a cached token: the validator's cache hit (a fresh principal), the
/// namespace check in endpoint code, and the namespace policy through <see cref="IAuthorizationService"/>.
/// </summary>
[MemoryDiagnoser]
public class NamespaceAuthorizationBenchmarks
{
    private const string Secret = BenchJwt.Secret;
    private const string Namespace = "my-model";

    private ServiceProvider _services = null!;
    private JwtValidator _validator = null!;
    private IAuthorizationService _authorization = null!;
    private AuthorizationPolicy _policy = null!;
    private ClaimsPrincipal _user = null!;
    private DefaultHttpContext _context = null!;
    private string _token = "";

    /// <summary>Builds the Glyphh auth services and warms the token cache.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(o => o.Jwt.SecretKey = Secret);
        _services = services.BuildServiceProvider();
        _validator = _services.GetRequiredService<JwtValidator>();
        _authorization = _services.GetRequiredService<IAuthorizationService>();
        _policy = (await _services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(GlyphhAuthPolicies.NamespaceRead))!;
        _token = BenchJwt.Mint("user-0", Namespace);
        _user = (await _validator.ValidateAsync(_token, CancellationToken.None)).Result.Principal
            ?? throw new InvalidOperationException("The validator refused the token.");
        _context = new DefaultHttpContext { RequestServices = _services };
        _context.Request.RouteValues["namespace"] = Namespace;
        if (!_validator.TryGetCached(_token, out _) || !await Authorize())
        {
            throw new InvalidOperationException("The token is not cached or not authorized.");
        }
    }

    /// <summary>Disposes the services.</summary>
    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>Cache hit: lookup by the token text (the request then shares the entry's principal).</summary>
    /// <returns>Whether the token was cached.</returns>
    [Benchmark]
    public bool TokenCacheHit() => _validator.TryGetCached(_token, out _);

    /// <summary><c>HasNamespacePermission</c> on a Glyphh principal.</summary>
    /// <returns>Whether the permission is held.</returns>
    [Benchmark]
    public bool HasNamespacePermission() => _user.HasNamespacePermission(Namespace, NamespacePermission.Read);

    /// <summary>The namespace-read policy through the authorization service.</summary>
    /// <returns>Whether authorization succeeded.</returns>
    [Benchmark]
    public async Task<bool> Authorize() => (await _authorization.AuthorizeAsync(_user, _context, _policy)).Succeeded;
}
