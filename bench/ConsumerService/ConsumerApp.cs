using System.Security.Claims;
using System.Text.Json;
using Glyphh.Auth;
using Glyphh.Licensing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Benchmarks;

/// <summary>
/// The issue-18 consumer service, one trivial endpoint (<c>GET /projects/{ns}/items/{id}</c> from a dictionary) in five
/// variants: A bare; B stock JwtBearer + a hand-written namespace policy; C Glyphh.Auth with
/// <c>RequireNamespacePermission</c> behind <c>UseGlyphhAuthentication/UseGlyphhAuthorization</c>; D C + license gate
/// (self-hosted, offline license) + Glyphh health/metrics; E C with the token cache off; and for reference G, C behind
/// the framework's plain <c>UseAuthentication/UseAuthorization</c>, and F, the floor of ASP.NET Core's own authentication and authorization
/// middleware (a scheme that authenticates every request from a completed task, the default policy). Shared by the load harness's host and the in-process benchmark, so both measure the same code.
/// </summary>
internal static class ConsumerApp
{
    public const string ItemPath = "/projects/p1/items/i1";

    private static readonly Dictionary<string, Dictionary<string, Item>> Items = new(StringComparer.Ordinal)
    {
        ["p1"] = new(StringComparer.Ordinal) { ["i1"] = new("i1", "first item", 42) },
    };

    /// <summary>Registers the variant's services; returns the variant's letter.</summary>
    public static string Configure(WebApplicationBuilder builder, string? variantName)
    {
        var variant = (variantName ?? "A").ToUpperInvariant();
        var services = builder.Services;
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
            case "C" or "D" or "E" or "G":
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
            case "F":
                services.AddAuthentication(o =>
                {
                    o.AddScheme(FloorHandler.Scheme, s => s.HandlerType = typeof(FloorHandler));
                    o.DefaultScheme = FloorHandler.Scheme;
                });
                services.AddTransient<FloorHandler>();
                services.AddAuthorization();
                break;
            default:
                throw new InvalidOperationException($"CONSUMER_VARIANT must be A, B, C, D, E, F or G, not '{variant}'.");
        }

        return variant;
    }

    /// <summary>The variant's middleware and endpoints.</summary>
    public static void Map(WebApplication app, string variant)
    {
        if (variant == "D")
        {
            app.UseGlyphhLicensing();
        }

        if (variant is "C" or "D" or "E")
        {
            app.UseGlyphhAuthentication();
            app.UseGlyphhAuthorization();
        }
        else if (variant != "A")
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        var get = app.MapGet("/projects/{ns}/items/{id}", (string ns, string id) =>
            Items.TryGetValue(ns, out var project) && project.TryGetValue(id, out var item) ? Results.Ok(item) : Results.NotFound());
        switch (variant)
        {
            case "B":
                get.RequireAuthorization("ns-read");
                break;
            case "C" or "D" or "E" or "G":
                get.RequireNamespacePermission(NamespacePermission.Read);
                break;
            case "F":
                get.RequireAuthorization();
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
    }

    /// <summary>Authenticates every request with one shared completed result: the least a scheme can cost.</summary>
    private sealed class FloorHandler : IAuthenticationHandler
    {
        public const string Scheme = "floor";

        private static readonly Task<AuthenticateResult> Result = Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "floor")], Scheme)), Scheme)));

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;

        public Task<AuthenticateResult> AuthenticateAsync() => Result;

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
    }

    internal sealed record Item(string Id, string Title, int Count);

    private sealed class NamespaceReadRequirement : IAuthorizationRequirement;

    /// <summary>What a team writes without the SDK: read the JSON permissions claim and look for "read" on the route's namespace.</summary>
    private sealed class NamespaceReadHandler : AuthorizationHandler<NamespaceReadRequirement>
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
}
