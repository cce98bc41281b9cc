using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Glyphh.Auth;
using Glyphh.Licensing;
using Glyphh.Quotas;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.Benchmarks.Pipeline;

/// <summary>
/// One GET or PUT of a glyph through a whole in-process host (TestServer: no sockets), the same endpoints composed
/// four ways: bare (no Glyphh package, the baseline of each category); Glyphh as the runtime composes it (license
/// gate on a self-hosted offline license issued in the setup, JWT auth with namespace permissions, quota reservation
/// on writes, Glyphh health and metrics); Glyphh auth only; stock JwtBearer authentication only.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PipelineBenchmarks
{
    private const string Secret = BenchJwt.Secret;
    private const string Model = "m1";
    private const string GlyphPath = "/models/m1/glyphs/g1";

    private static readonly byte[] GlyphBody = """{"vector":[0.12,-0.5,0.33,0.9,0.01,-0.75,0.4,0.2],"payload":{"title":"bench","tags":["a","b"],"n":42}}"""u8.ToArray();

    private readonly List<WebApplication> _apps = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "glyphh-pipeline-bench-" + Guid.NewGuid().ToString("N"));
    private HttpClient _bare = null!;
    private HttpClient _glyphh = null!;
    private HttpClient _glyphhAuthOnly = null!;
    private HttpClient _jwtBearer = null!;
    private AuthenticationHeaderValue _bearer = null!;

    /// <summary>Issues the license, starts the four hosts and checks each answers 200 to both operations.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _bearer = new AuthenticationHeaderValue("Bearer", BenchJwt.Mint("bench", Model));
        var (license, rootPem) = BenchLicense.Issue();

        _bare = await StartAsync(Variant.Bare, null, null);
        _glyphh = await StartAsync(Variant.Glyphh, license, rootPem);
        _glyphhAuthOnly = await StartAsync(Variant.GlyphhAuthOnly, null, null);
        _jwtBearer = await StartAsync(Variant.JwtBearer, null, null);

        foreach (var client in new[] { _bare, _glyphh, _glyphhAuthOnly, _jwtBearer })
        {
            using var put = await SendAsync(client, HttpMethod.Put, client == _bare ? null : _bearer);
            using var get = await SendAsync(client, HttpMethod.Get, client == _bare ? null : _bearer);
            if (!put.IsSuccessStatusCode || !get.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"A benchmark host refused the request: PUT {(int)put.StatusCode}, GET {(int)get.StatusCode}.");
            }
        }

        using var anonymous = await SendAsync(_glyphh, HttpMethod.Get, null);
        if ((int)anonymous.StatusCode != StatusCodes.Status401Unauthorized)
        {
            throw new InvalidOperationException("The Glyphh host served an anonymous request.");
        }
    }

    /// <summary>Stops the hosts.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>GET, no Glyphh package.</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Baseline = true, Description = "GET bare")]
    [BenchmarkCategory("read")]
    public Task<int> ReadBare() => StatusAsync(_bare, HttpMethod.Get, null);

    /// <summary>GET through the whole Glyphh pipeline.</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Description = "GET Glyphh pipeline")]
    [BenchmarkCategory("read")]
    public Task<int> ReadGlyphh() => StatusAsync(_glyphh, HttpMethod.Get, _bearer);

    /// <summary>GET with Glyphh authentication and namespace authorization only.</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Description = "GET Glyphh auth only")]
    [BenchmarkCategory("read")]
    public Task<int> ReadGlyphhAuthOnly() => StatusAsync(_glyphhAuthOnly, HttpMethod.Get, _bearer);

    /// <summary>GET with the stock JwtBearer handler (authentication only, any authenticated caller).</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Description = "GET JwtBearer auth only")]
    [BenchmarkCategory("read")]
    public Task<int> ReadJwtBearer() => StatusAsync(_jwtBearer, HttpMethod.Get, _bearer);

    /// <summary>PUT, no Glyphh package.</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Baseline = true, Description = "PUT bare")]
    [BenchmarkCategory("write")]
    public Task<int> WriteBare() => StatusAsync(_bare, HttpMethod.Put, null);

    /// <summary>PUT through the whole Glyphh pipeline (with a quota reservation).</summary>
    /// <returns>The status code.</returns>
    [Benchmark(Description = "PUT Glyphh pipeline")]
    [BenchmarkCategory("write")]
    public Task<int> WriteGlyphh() => StatusAsync(_glyphh, HttpMethod.Put, _bearer);

    private static async Task<int> StatusAsync(HttpClient client, HttpMethod method, AuthenticationHeaderValue? bearer)
    {
        using var response = await SendAsync(client, method, bearer).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, AuthenticationHeaderValue? bearer)
    {
        var request = new HttpRequestMessage(method, GlyphPath);
        request.Headers.Authorization = bearer;
        if (method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent(GlyphBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        return client.SendAsync(request);
    }

    private async Task<HttpClient> StartAsync(Variant variant, string? license, string? rootPem)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton<GlyphStore>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        switch (variant)
        {
            case Variant.Glyphh:
                services.AddGlyphhLicensing(o =>
                {
                    o.Mode = DeploymentMode.SelfHosted;
                    o.Product = BenchLicense.Product;
                    o.LicenseKey = license;
                    o.RootCertificatesPem = rootPem;
                    o.DataDirectory = Path.Combine(_dataDirectory, "license");
                });
                services.AddGlyphhQuotas().AddResource(QuotaResources.Models, QuotaLimit.Unlimited)
                    .AddResource(QuotaResources.Glyphs, QuotaLimit.Of(1_000_000))
                    .AddResource(QuotaResources.StorageBytes, QuotaLimit.Of(10L * 1024 * 1024 * 1024))
                    .AddResource(QuotaResources.MemoryBytes, QuotaLimit.Of(1024L * 1024 * 1024));
                AddGlyphhAuth(services);
                services.AddGlyphhHealth().AddGlyphhLicenseCheck();
                break;
            case Variant.GlyphhAuthOnly:
                AddGlyphhAuth(services);
                break;
            case Variant.JwtBearer:
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
                {
                    o.MapInboundClaims = false;
                    o.TokenValidationParameters = BenchJwt.BearerParameters();
                });
                services.AddAuthorization();
                break;
        }

        var app = builder.Build();
        _apps.Add(app);
        if (variant == Variant.Glyphh)
        {
            app.UseGlyphhLicensing();
        }

        if (variant != Variant.Bare)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        var models = app.MapGroup("/models");
        var get = models.MapGet("/{model}/glyphs/{id}", (string model, string id, GlyphStore store) =>
            store.Get(model, id) is { } glyph ? Results.Ok(glyph) : Results.NotFound());
        var put = variant == Variant.Glyphh
            ? models.MapPut("/{model}/glyphs/{id}", PutWithQuotaAsync)
            : models.MapPut("/{model}/glyphs/{id}", PutAsync);
        switch (variant)
        {
            case Variant.Glyphh or Variant.GlyphhAuthOnly:
                models.RequireAuthorization();
                get.RequireNamespacePermission(NamespacePermission.Read, "model");
                put.RequireNamespacePermission(NamespacePermission.Write, "model");
                break;
            case Variant.JwtBearer:
                models.RequireAuthorization();
                break;
        }

        if (variant == Variant.Glyphh)
        {
            app.MapGlyphhHealth();
        }

        await app.StartAsync();
        if (variant == Variant.Glyphh && app.Services.GetRequiredService<ILicenseState>().Current.Status != LicenseStatus.Valid)
        {
            throw new InvalidOperationException("The issued license did not verify: " + app.Services.GetRequiredService<ILicenseState>().Current.Reason);
        }

        return app.GetTestClient();
    }

    private static void AddGlyphhAuth(IServiceCollection services) =>
        services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = Secret;
            o.NamespaceRouteValue = "model";
        });

    private static async Task<IResult> PutAsync(string model, string id, HttpRequest request, GlyphStore store)
    {
        var glyph = await GlyphStore.ReadAsync(id, request).ConfigureAwait(false);
        return store.Put(model, glyph) ? Results.Created(GlyphPath, glyph) : Results.Ok(glyph);
    }

    /// <summary>The runtime's write: reserve the growth (count, bytes) all or nothing, store, commit.</summary>
    private static async Task<IResult> PutWithQuotaAsync(string model, string id, HttpRequest request, GlyphStore store, IQuotaService quotas)
    {
        var glyph = await GlyphStore.ReadAsync(id, request).ConfigureAwait(false);
        var previous = store.Get(model, id);
        QuotaRequest[] growth =
        [
            new(QuotaResources.Glyphs, previous is null ? 1 : 0),
            new(QuotaResources.StorageBytes, Math.Max(0, glyph.PayloadBytes - (previous?.PayloadBytes ?? 0))),
            new(QuotaResources.MemoryBytes, Math.Max(0, glyph.MemoryBytes - (previous?.MemoryBytes ?? 0))),
        ];
        var reservation = await quotas.ReserveAsync(model, growth).ConfigureAwait(false);
        reservation.ThrowIfDenied();
        var created = store.Put(model, glyph);
        reservation.Commit();
        return created ? Results.Created(GlyphPath, glyph) : Results.Ok(glyph);
    }

    private enum Variant
    {
        Bare,
        Glyphh,
        GlyphhAuthOnly,
        JwtBearer,
    }
}
