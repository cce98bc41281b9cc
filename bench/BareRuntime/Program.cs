using System.Text;
using System.Text.Json;
using Glyphh.BareRuntime;
using Glyphh.Runtime.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);
var dataDir = Path.GetFullPath(builder.Configuration["GLYPHH_DATA_DIR"] ?? "data");
Directory.CreateDirectory(dataDir);
var databaseUrl = builder.Configuration["DATABASE_URL"];
StoreDialect dialect = string.IsNullOrEmpty(databaseUrl) ? new SqliteDialect(Path.Combine(dataDir, "glyphh.db")) : new PostgresDialect(databaseUrl);
var jwtBearer = builder.Configuration["BARE_AUTH"] == "jwtbearer";

builder.Services.AddSingleton(dialect);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IQuotaLedger, NoQuotaLedger>();
builder.Services.AddSingleton<GlyphStore>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
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
models.MapGet("/{model}/glyphs/{id}", async (string model, string id, GlyphStore store, CancellationToken ct) =>
    await store.GetGlyphAsync(model, id, ct) is { } glyph ? Results.Ok(GlyphBody.From(glyph)) : Results.NotFound());
models.MapPut("/{model}/glyphs/{id}", async (string model, string id, HttpRequest request, GlyphStore store, CancellationToken ct) =>
{
    using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, ct);
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
    var outcome = await store.PutGlyphAsync(model, id, vector, payload, payloadBytes, ct);
    if (outcome == PutOutcome.ModelNotFound)
    {
        return Results.NotFound();
    }
    var body = GlyphBody.From((await store.GetGlyphAsync(model, id, ct))!);
    return outcome == PutOutcome.Created ? Results.Created($"/models/{model}/glyphs/{id}", body) : Results.Ok(body);
});

await app.Services.GetRequiredService<GlyphStore>().MigrateAsync(CancellationToken.None);
await app.RunAsync();
