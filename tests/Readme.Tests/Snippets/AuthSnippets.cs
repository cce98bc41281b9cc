#region AuthUsings
using System.Security.Claims;
using Glyphh.Auth;
#endregion

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Auth/README.md.</summary>
internal static class AuthSnippets
{
    /// <summary>The quick start, run end to end by <c>AuthQuickStartTests</c>.</summary>
    public static void QuickStart(string[] args)
    {
        #region AuthQuickStart
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddGlyphhAuthEnvironmentVariables();   // AUTH_MODE, JWT_SECRET_KEY, JWT_ISSUER, JWT_AUDIENCE
        builder.Services.AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName))
            .AddRateLimiting();                                      // Glyphh:Auth:RateLimits; "default" is 10 a minute

        var app = builder.Build();
        app.UseGlyphhAuthentication();   // UseAuthentication() with a fast lane for cached tokens
        app.UseRateLimiter();   // after authentication: callers are limited by `sub`, anonymous ones by address
        app.UseGlyphhAuthorization();    // UseAuthorization() with a fast lane for granted Glyphh policies

        var projects = app.MapGroup("/projects/{namespace}").RequireGlyphhRateLimit();
        projects.MapGet("/", (string @namespace) => $"project {@namespace}")
            .RequireNamespacePermission(NamespacePermission.Read);
        projects.MapDelete("/", (string @namespace) => Results.NoContent())
            .RequireNamespacePermission(NamespacePermission.Admin);
        app.MapGet("/admin/stats", () => "stats").RequireIpAllowlist("admin").RequirePlatformAdmin();
        app.MapGet("/health", () => "ok").DisableRateLimiting();
        app.Run();
        #endregion
    }

    public static void CodeChecks(WebApplication app)
    {
        #region AuthCodeChecks
        app.MapPost("/projects", (NewProject body, ClaimsPrincipal user) =>
            user.HasNamespacePermission(body.Name, NamespacePermission.Write)
                ? Results.Created($"/projects/{body.Name}", null)
                : GlyphhAuthResults.Forbidden(body.Name, NamespacePermission.Write))
            .RequireAuthorization();
        #endregion
    }

    public static void Options(WebApplicationBuilder builder)
    {
        #region AuthOptionsInCode
        builder.Services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = builder.Configuration["JWT_SECRET_KEY"];
            o.Jwt.Issuer = "https://issuer.example";
            o.NamespaceRouteValue = "project";
        }).AddRateLimiting(limits =>
        {
            limits.Policies["rps"] = new GlyphhRateLimitPolicy
            {
                Algorithm = RateLimitAlgorithm.TokenBucket,
                PermitLimit = 50,
                Window = TimeSpan.FromSeconds(1),
            };
            limits.GlobalPolicy = "rps";
        });
        #endregion
    }

    public static void Problems(WebApplicationBuilder builder)
    {
        #region AuthProblems
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["service"] = "projects");
        builder.Services.Configure<GlyphhAuthOptions>(o => o.ProblemTypeBaseUri = new Uri("https://errors.example/"));
        #endregion
    }

    internal sealed record NewProject(string Name);
}
