// The issue-18 consumer service: GET /projects/{ns}/items/{id} answered from a dictionary, in one of five variants
// (CONSUMER_VARIANT): A bare; B stock JwtBearer + a hand-written namespace policy; C Glyphh.Auth with
// RequireNamespacePermission; D C + license gate (self-hosted, offline license) + Glyphh health/metrics; E C with the
// token cache off. bench/consumer/run.sh drives the five side by side.
using System.Text.Json;
using Glyphh.Auth;
using Glyphh.Benchmarks;
using Glyphh.Licensing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

var builder = WebApplication.CreateBuilder(args);
var variant = (builder.Configuration["CONSUMER_VARIANT"] ?? "A").ToUpperInvariant();
var services = builder.Services;
var items = new Dictionary<string, Dictionary<string, Item>>(StringComparer.Ordinal)
{
    ["p1"] = new(StringComparer.Ordinal) { ["i1"] = new("i1", "first item", 42) },
};

switch (variant)
{
    case "A":
        break;
    case "B":
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = BenchJwt.BearerParameters();
        });
        services.AddSingleton<IAuthorizationHandler, NamespaceReadHandler>();
        services.AddAuthorizationBuilder().AddPolicy("ns-read", p => p.RequireAuthenticatedUser().AddRequirements(new NamespaceReadRequirement()));
        break;
    case "C" or "D" or "E":
        services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = BenchJwt.Secret;
            o.NamespaceRouteValue = "ns";
            if (variant == "E")
            {
                o.Jwt.TokenCacheSize = 0;
            }
        });
        if (variant == "D")
        {
            var (license, rootPem) = BenchLicense.Issue();
            services.AddGlyphhLicensing(o =>
            {
                o.Mode = DeploymentMode.SelfHosted;
                o.Product = BenchLicense.Product;
                o.LicenseKey = license;
                o.RootCertificatesPem = rootPem;
                o.DataDirectory = Path.Combine(Path.GetTempPath(), "glyphh-consumer-" + Environment.ProcessId);
            });
            services.AddGlyphhHealth().AddPrometheusExporter().AddGlyphhLicenseCheck();
        }

        break;
    default:
        throw new InvalidOperationException($"CONSUMER_VARIANT must be A, B, C, D or E, not '{variant}'.");
}

var app = builder.Build();
if (variant == "D")
{
    app.UseGlyphhLicensing();
}

if (variant != "A")
{
    app.UseAuthentication();
    app.UseAuthorization();
}

var get = app.MapGet("/projects/{ns}/items/{id}", (string ns, string id) =>
    items.TryGetValue(ns, out var project) && project.TryGetValue(id, out var item) ? Results.Ok(item) : Results.NotFound());
switch (variant)
{
    case "B":
        get.RequireAuthorization("ns-read");
        break;
    case "C" or "D" or "E":
        get.RequireNamespacePermission(NamespacePermission.Read);
        break;
}

if (variant == "D")
{
    app.MapGlyphhHealth();
}
else
{
    app.MapGet("/health/ready", () => "ok");
}

app.Run();

internal sealed record Item(string Id, string Title, int Count);

internal sealed class NamespaceReadRequirement : IAuthorizationRequirement;

/// <summary>What a team writes without the SDK: read the JSON permissions claim and look for "read" on the route's namespace.</summary>
internal sealed class NamespaceReadHandler : AuthorizationHandler<NamespaceReadRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NamespaceReadRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.Request.RouteValues["ns"] is string ns
            && context.User.FindFirst("permissions")?.Value is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && (Holds(doc.RootElement, ns) || Holds(doc.RootElement, "*")))
            {
                context.Succeed(requirement);
            }
        }

        return Task.CompletedTask;
    }

    private static bool Holds(JsonElement permissions, string ns)
    {
        if (!permissions.TryGetProperty(ns, out var verbs) || verbs.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var verb in verbs.EnumerateArray())
        {
            if (verb.ValueEquals("read") || verb.ValueEquals("admin"))
            {
                return true;
            }
        }

        return false;
    }
}
