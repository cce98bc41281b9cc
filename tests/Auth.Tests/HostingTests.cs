using System.Net;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>A minimal host that relies on WebApplication adding the auth middleware itself, and plain [Authorize] attributes.</summary>
public sealed class HostingTests
{
    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Tokens.Now));
        builder.Services.AddGlyphhAuth(o => o.Jwt.SecretKey = Tokens.Secret);
        var app = builder.Build();
        app.MapGet("/attribute/{namespace}", [Authorize(Policy = GlyphhAuthPolicies.NamespaceRead)] (string @namespace) => @namespace);
        app.MapGet("/plain", [Authorize] () => "plain");
        app.MapGet("/admin", [Authorize(Policy = GlyphhAuthPolicies.PlatformAdmin)] () => "admin");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> Get(WebApplication app, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        return await app.GetTestClient().SendAsync(request);
    }

    [Fact]
    public async Task AuthorizeAttribute_WithGlyphhPolicies_WorksWithoutExplicitMiddleware()
    {
        await using var app = await StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "m1", verbs: ["read"]));
        Assert.Equal(HttpStatusCode.OK, (await Get(app, "/attribute/m1", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(app, "/plain", token)).StatusCode);
        var forbidden = await Problem.ReadAsync(await Get(app, "/attribute/m2", token), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("m2", forbidden.Extension("namespace"));
        await Problem.ReadAsync(await Get(app, "/admin", token), HttpStatusCode.Forbidden, "forbidden");
        await Problem.ReadAsync(await Get(app, "/plain", null), HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
