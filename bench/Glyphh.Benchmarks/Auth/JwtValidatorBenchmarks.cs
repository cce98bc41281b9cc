using BenchmarkDotNet.Attributes;
using Glyphh.Auth.Authentication.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Benchmarks.Auth;

/// <summary>
/// A token seen for the first time (cache off), validator only: the one-pass HMAC path against the full path it falls
/// back to (JsonWebTokenHandler, then the payload read again), and against JsonWebTokenHandler alone as JwtBearer runs it.
/// </summary>
[MemoryDiagnoser]
public class JwtValidatorBenchmarks
{
    private ServiceProvider _services = null!;
    private JwtValidator _validator = null!;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters = BenchJwt.BearerParameters();
    private string[] _tokens = [];
    private int _next;

    /// <summary>Builds the validator (cache off) and checks each path accepts the tokens.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = BenchJwt.Secret;
            o.Jwt.TokenCacheSize = 0;
        });
        _services = services.BuildServiceProvider();
        _validator = _services.GetRequiredService<JwtValidator>();
        _tokens = [.. Enumerable.Range(0, 64).Select(i => BenchJwt.Mint("user-" + i, "my-model"))];
        if (_validator.ValidateFastOnly(_tokens[0]) is null || !await FullPath()
            || (await Handler()).ClaimsIdentity is null)
        {
            throw new InvalidOperationException("A path refused the benchmark token.");
        }
    }

    /// <summary>Disposes the services.</summary>
    [GlobalCleanup]
    public Task CleanupAsync() => _services.DisposeAsync().AsTask();

    /// <summary>The validator as a request uses it: the fast path for this token.</summary>
    /// <returns>Whether it accepted.</returns>
    [Benchmark(Baseline = true, Description = "JwtValidator (fast path)")]
    public async Task<bool> FastPath() => (await _validator.ValidateUncachedAsync(Next(), CancellationToken.None)).Result.Principal is not null;

    /// <summary>The full path the fast path falls back to.</summary>
    /// <returns>Whether it accepted.</returns>
    [Benchmark(Description = "JwtValidator full path (JsonWebTokenHandler + JsonDocument)")]
    public async Task<bool> FullPath() => (await _validator.ValidateWithHandlerAsync(Next(), CancellationToken.None)).Result.Principal is not null;

    /// <summary>JsonWebTokenHandler alone with JwtBearer's parameters, reading the identity's claims.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "JsonWebTokenHandler alone (as JwtBearer)")]
    public async Task<TokenValidationResult> Handler()
    {
        var result = await _handler.ValidateTokenAsync(Next(), _parameters);
        _ = result.ClaimsIdentity.Claims.Count();
        return result;
    }

    private string Next() => _tokens[_next++ & 63];
}
