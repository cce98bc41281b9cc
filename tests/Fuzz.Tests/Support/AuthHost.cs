using System.Security.Cryptography;
using System.Text;
using Glyphh.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.Fuzz.Tests.Support;

/// <summary>The real Glyphh authentication and namespace authorization on TestServer, with one guarded endpoint per permission.</summary>
internal sealed class AuthHost : IAsyncDisposable
{
    public const string Secret = "fuzz-secret-0123456789abcdef0123456789abcdef";
    public const string ApiKey = "gk_live_5f3c9a7e1b2d4f6a8c0e2b4d6f8a0c2e";

    private readonly WebApplication _app;

    private AuthHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<AuthHost> StartAsync(AuthMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhAuth(o =>
        {
            o.Mode = mode;
            o.Jwt.SecretKey = Secret;
            o.ApiKeys.Add(new GlyphhApiKeyOptions
            {
                Name = "fuzz-key",
                Sha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
                Permissions = { ["m1"] = ["read"] },
            });
        });
        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/namespaces/{namespace}/items", (string @namespace) => "read " + @namespace).RequireNamespacePermission(NamespacePermission.Read);
        app.MapPut("/namespaces/{namespace}/items", (string @namespace) => "wrote " + @namespace).RequireNamespacePermission(NamespacePermission.Write);
        app.MapGet("/platform", () => "platform").RequirePlatformAdmin();
        await app.StartAsync();
        return new AuthHost(app);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization = null, string? apiKey = null)
    {
        // CR, LF and NUL never reach a handler over real HTTP (the server's parser refuses them).
        authorization = HeaderSafe(authorization);
        apiKey = HeaderSafe(apiKey);
        var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }
        return Client.SendAsync(request);
    }

    internal static string? HeaderSafe(string? value) => value?.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
