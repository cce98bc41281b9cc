using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Auth.Tests.Infrastructure;

/// <summary>A real ASP.NET Core pipeline on TestServer with endpoints guarded by every Glyphh convention.</summary>
internal sealed class AuthTestHost : IAsyncDisposable
{
    public const string PeerHeader = "X-Test-Peer";

    private AuthTestHost(WebApplication app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<AuthTestHost> StartAsync(
        Action<GlyphhAuthOptions>? configure = null,
        Action<GlyphhRateLimitOptions>? rateLimits = null,
        Action<IServiceCollection>? services = null,
        bool plainMiddleware = false,
        Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        var time = new FakeTimeProvider(Tokens.Now);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = Tokens.Secret;
            configure?.Invoke(o);
        }).AddRateLimiting(o =>
        {
            o.Policies["tight"] = new GlyphhRateLimitPolicy { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) };
            rateLimits?.Invoke(o);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            // TestServer has no socket: the test names the peer address.
            if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return next(context);
        });
        app.UseRouting();
        // The suite runs through the fast lanes users are told to add; plainMiddleware runs the framework's calls alone.
        if (plainMiddleware)
        {
            app.UseAuthentication();
            app.UseRateLimiter();
            app.UseAuthorization();
        }
        else
        {
            app.UseGlyphhAuthentication();
            app.UseRateLimiter();
            app.UseGlyphhAuthorization();
        }

        app.MapGet("/me", (ClaimsPrincipal user) => Results.Json(new Me(
            user.FindFirst("sub")?.Value,
            user.Identity?.Name,
            user.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            user.Claims.Select(c => c.Type).Distinct().ToArray()))).RequireAuthorization();
        app.MapGet("/namespaces/{namespace}/items", (string @namespace) => "read " + @namespace).RequireNamespacePermission(NamespacePermission.Read);
        app.MapPut("/namespaces/{namespace}/items", (string @namespace) => "wrote " + @namespace).RequireNamespacePermission(NamespacePermission.Write);
        app.MapDelete("/namespaces/{namespace}", (string @namespace) => "deleted " + @namespace).RequireNamespacePermission(NamespacePermission.Admin);
        app.MapGet("/models/{model}", (string model) => "model " + model).RequireNamespacePermission(NamespacePermission.Read, "model");
        app.MapGet("/by-policy/{namespace}", (string @namespace) => "policy " + @namespace).RequireAuthorization(GlyphhAuthPolicies.NamespaceWrite);
        app.MapGet("/no-route-value", () => "never").RequireNamespacePermission(NamespacePermission.Read);
        app.MapGet("/platform", () => "platform").RequirePlatformAdmin();
        app.MapGet("/platform-by-policy", () => "platform").RequireAuthorization(GlyphhAuthPolicies.PlatformAdmin);
        app.MapGet("/forbid", () => Results.Forbid()).RequireAuthorization();
        app.MapPost("/models", (ModelBody body, ClaimsPrincipal user) =>
            user.HasNamespacePermission(body.Name, NamespacePermission.Write)
                ? Results.Text("created " + body.Name)
                : GlyphhAuthResults.Forbidden(body.Name, NamespacePermission.Write)).RequireAuthorization();
        app.MapGet("/limited", () => "limited").RequireGlyphhRateLimit("tight");
        app.MapGet("/limited-default", () => "limited").RequireGlyphhRateLimit();
        app.MapGet("/open", () => "open");
        app.MapGet("/health", () => "healthy").DisableRateLimiting();
        app.MapGet("/internal", () => "internal").RequireIpAllowlist("admin");
        app.MapGet("/internal-admin", () => "internal admin").RequireIpAllowlist("admin").RequirePlatformAdmin();
        app.MapGet("/internal-by-policy", () => "internal").RequireAuthorization(GlyphhAuthPolicies.IpAllowlist("admin"));
        app.MapGet("/internal-missing", () => "never").RequireIpAllowlist("nobody");
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new AuthTestHost(app, time);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null, string? apiKey = null, string? peer = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        return SendAsync(request, bearer, apiKey, peer, authorization);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? bearer = null, string? apiKey = null, string? peer = null, string? authorization = null)
    {
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }

        if (peer is not null)
        {
            request.Headers.TryAddWithoutValidation(PeerHeader, peer);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    internal sealed record Me(string? Sub, string? Name, string? NameIdentifier, string[] ClaimTypes);

    internal sealed record ModelBody(string Name);
}
