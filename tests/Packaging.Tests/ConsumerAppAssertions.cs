using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Packaging.Tests;

/// <summary>What the consumer app must answer, whether it runs on the JIT or as a native binary.</summary>
internal static class ConsumerAppAssertions
{
    public static async Task AnswersHealthAndProtectedEndpointAsync(RunningApp app)
    {
        using (var health = await app.Client.GetAsync("/health"))
        {
            var body = await health.Content.ReadAsStringAsync();
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"/health answered {(int)health.StatusCode}: {body}\n{app.Output}");
            Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("version").GetString()));
            Assert.True(json.RootElement.GetProperty("uptime_seconds").GetInt64() >= 0);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostGlyphAsync(app, "m1", token: null));
        Assert.Equal(HttpStatusCode.Forbidden, await PostGlyphAsync(app, "m1", Token("other", "write")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostGlyphAsync(app, "m1", Token("m1", "write", secret: new string('x', 64))));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/models/m1/glyphs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("m1", "write"));
        using var granted = await app.Client.SendAsync(request);
        Assert.True(granted.StatusCode == HttpStatusCode.OK, $"the good token got {(int)granted.StatusCode}: {await granted.Content.ReadAsStringAsync()}\n{app.Output}");
        Assert.Equal("reserved m1", await granted.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> PostGlyphAsync(RunningApp app, string model, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/models/{model}/glyphs");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>An HS256 token in the contract's shape: <c>sub</c>, <c>namespaces</c>, <c>permissions</c>, <c>exp</c>.</summary>
    private static string Token(string @namespace, string permission, string secret = RunningApp.JwtSecret)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "packaging-test",
                ["namespaces"] = new[] { @namespace },
                ["permissions"] = new Dictionary<string, object> { [@namespace] = new[] { permission } },
            },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
