using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glyphh.BareRuntime;
using Glyphh.Runtime.Api;
using Glyphh.Runtime.Hosting;
using Glyphh.Runtime.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);
var dataDir = Path.GetFullPath(builder.Configuration["GLYPHH_DATA_DIR"] ?? "data");
Directory.CreateDirectory(dataDir);
var databaseUrl = builder.Configuration["DATABASE_URL"];
StoreDialect dialect = string.IsNullOrEmpty(databaseUrl) ? new SqliteDialect(Path.Combine(dataDir, "glyphh.db")) : new PostgresDialect(databaseUrl);
var jwtBearer = builder.Configuration["BARE_AUTH"] == "jwtbearer";
// BARE_PROFILE=min: the endpoints alone, without the runtime's own HTTP work (problem details, security headers,
// HEAD, name checks, ETags); the baseline the load harness used before session 23, kept as a reference row.
var minimal = builder.Configuration["BARE_PROFILE"] == "min";

builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = minimal);
builder.Services.AddSingleton(dialect);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IQuotaLedger, NoQuotaLedger>();
builder.Services.AddSingleton<GlyphStore>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // The runtime's JSON options (RuntimeApp), with the same source-generated metadata for the bodies sent here.
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    if (!minimal)
    {
        o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        o.SerializerOptions.DictionaryKeyPolicy = null;
        o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJsonContext.Default);
    }
});
if (!minimal)
{
    builder.Services.AddProblemDetails();
}
if (jwtBearer)
{
    var secret = builder.Configuration["JWT_SECRET_KEY"] ?? throw new InvalidOperationException("JWT_SECRET_KEY is required with BARE_AUTH=jwtbearer.");
    builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
    {
        o.MapInboundClaims = false;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
        };
    });
    builder.Services.AddAuthorization();
}

var app = builder.Build();
if (!minimal)
{
    // The runtime's own middleware (RuntimeApp), in its order, without the packages' gate, lanes and rate limiter.
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseSecurityHeaders();
    app.UseHeadAsGet();
    app.UseRouting();
}
if (jwtBearer)
{
    app.UseAuthentication();
    app.UseAuthorization();
}

app.MapGet("/health/ready", () => Results.Ok(new { status = "ok" }));
var models = app.MapGroup("/models");
if (jwtBearer)
{
    models.RequireAuthorization();
}
models.MapPost("", async (HttpRequest request, GlyphStore store, CancellationToken ct) =>
{
    using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
    var name = doc.RootElement.GetProperty("name").GetString()!;
    return await store.CreateModelAsync(name, ct) ? Results.Created($"/models/{name}", new { name }) : Results.Conflict();
});
models.MapGet("/{model}/glyphs/{id}", async (string model, string id, HttpContext http, GlyphStore store, CancellationToken ct) =>
{
    if (!Named(model, id))
    {
        return Results.BadRequest();
    }
    if (await store.GetGlyphAsync(model, id, ct) is not { } glyph)
    {
        return Results.NotFound();
    }
    return minimal ? Results.Ok(GlyphResponse.From(glyph)) : Representation.Of(http, GlyphResponse.From(glyph));
});
models.MapPut("/{model}/glyphs/{id}", async (string model, string id, HttpContext http, GlyphStore store, CancellationToken ct) =>
{
    if (!Named(model, id))
    {
        return Results.BadRequest();
    }
    using var doc = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 32 }, ct);
    var root = doc.RootElement;
    float[]? vector = null;
    if (root.TryGetProperty("vector", out var v) && v.ValueKind == JsonValueKind.Array)
    {
        vector = new float[v.GetArrayLength()];
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            vector[i++] = item.GetSingle();
        }
    }
    string? payload = null;
    var payloadBytes = 0;
    if (root.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
    {
        payload = p.GetRawText();
        payloadBytes = Encoding.UTF8.GetByteCount(payload);
    }
    // The runtime's call (no write condition sent): the store returns the glyph as written, read in the same transaction.
    var (outcome, written) = await store.PutGlyphAsync(model, id, vector, payload, payloadBytes, static _ => true, ct);
    if (outcome == PutOutcome.ModelNotFound)
    {
        return Results.NotFound();
    }
    var body = GlyphResponse.From(written!);
    if (minimal)
    {
        return outcome == PutOutcome.Created ? Results.Created($"/models/{model}/glyphs/{id}", body) : Results.Ok(body);
    }
    var response = Representation.Of(http, body);
    return outcome == PutOutcome.Created ? response.Created($"/models/{model}/glyphs/{id}") : response;
});

await app.Services.GetRequiredService<GlyphStore>().MigrateAsync(CancellationToken.None);
await app.RunAsync();

// The runtime's name rules (ModelApi's guard); the routes-only profile takes any name.
bool Named(string model, string id) => minimal || (Names.IsModel(model) && Names.IsGlyphId(id));

namespace Glyphh.BareRuntime
{
    /// <summary>The runtime's source-generated JSON metadata (RuntimeJsonContext's options) for the body the bare build sends.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = false)]
    [JsonSerializable(typeof(GlyphResponse))]
    internal sealed partial class BareJsonContext : JsonSerializerContext;
}
