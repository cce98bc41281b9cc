using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Glyphh.Samples.Projects.Tests;

/// <summary>
/// The sample's own Program.cs on Kestrel at 127.0.0.1 on a free port, configured as an operator would (configuration
/// keys), with a fresh data directory. Requests go over real HTTP.
/// </summary>
public sealed class ProjectsHost : WebApplicationFactory<Program>
{
    public const string Secret = "projects-sample-secret-0123456789abcdef0123";

    private readonly Dictionary<string, string?> _settings;

    public ProjectsHost(Dictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("projects-sample-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Glyphh:Auth:Jwt:SecretKey"] = Secret,
            ["Glyphh:Licensing:DataDirectory"] = DataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>A client with a token holding <paramref name="permissions"/> (namespace to verbs), or none.</summary>
    public HttpClient Client(Dictionary<string, string[]>? permissions = null)
    {
        var client = CreateClient();
        if (permissions is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Mint(Secret, "user-1", permissions));
        }
        return client;
    }

    /// <summary>A client that may read and write in <paramref name="namespace"/>.</summary>
    public HttpClient Writer(string @namespace) => Client(new() { [@namespace] = ["read", "write"] });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // WebApplicationFactory disposes through both Dispose and DisposeAsync.
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>Requests and answers.</summary>
internal static class Http
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json) =>
        client.PutAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Creates a project named <paramref name="name"/> and returns its id.</summary>
    public static async Task<string> CreateProjectAsync(this HttpClient client, string @namespace, string name)
    {
        var response = await client.PostJsonAsync($"/namespaces/{@namespace}/projects", JsonSerializer.Serialize(new { name }));
        var json = await response.ReadJsonAsync(HttpStatusCode.Created);
        return json.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Asserts an RFC 9457 answer with <paramref name="status"/> and <paramref name="code"/> and that it speaks only of
    /// this service: no Glyphh noun (glyph, model) anywhere in it, the type base included.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("glyph", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("model", body, StringComparison.OrdinalIgnoreCase);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("https://errors.projects.example/" + code, json.GetProperty("type").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }
}
