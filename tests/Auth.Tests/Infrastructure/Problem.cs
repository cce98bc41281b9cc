using System.Net;
using System.Text.Json;

namespace Glyphh.Auth.Tests.Infrastructure;

/// <summary>Reads and checks a problem+json response.</summary>
internal sealed record Problem(string Type, string Title, int Status, string Detail, JsonElement Body)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var problem = new Problem(
            body.GetProperty("type").GetString()!,
            body.GetProperty("title").GetString()!,
            body.GetProperty("status").GetInt32(),
            body.GetProperty("detail").GetString()!,
            body);
        Assert.Equal("https://glyphh.dev/problems/" + code, problem.Type);
        Assert.Equal((int)expected, problem.Status);
        return problem;
    }

    public string? Extension(string name) => Body.TryGetProperty(name, out var value) ? value.GetString() : null;
}
