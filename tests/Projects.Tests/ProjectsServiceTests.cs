using System.Net;
using System.Text.Json;

namespace Glyphh.Samples.Projects.Tests;

/// <summary>The sample's routes with its default configuration (appsettings.json): authentication, permissions, the API.</summary>
public sealed class ProjectsServiceTests : IClassFixture<ProjectsServiceTests.DefaultHost>
{
    private readonly ProjectsHost _host;

    public ProjectsServiceTests(DefaultHost host) => _host = host.Host;

    [Fact]
    public async Task NoToken_Is401ProblemThroughAuth()
    {
        using var client = _host.Client();
        var response = await client.PostJsonAsync("/namespaces/team-a/projects", """{"name":"alpha"}""");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenForAnotherNamespace_Is403NamingTheNamespace()
    {
        using var client = _host.Writer("team-b");
        var response = await client.PostJsonAsync("/namespaces/team-a/projects", """{"name":"alpha"}""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("team-a", problem.GetProperty("namespace").GetString());
        Assert.Equal("write", problem.GetProperty("permission").GetString());
    }

    [Fact]
    public async Task ReadPermission_CannotCreate()
    {
        using var client = _host.Client(new() { ["team-r"] = ["read"] });
        var response = await client.PostJsonAsync("/namespaces/team-r/projects", """{"name":"alpha"}""");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Project_IsCreatedReadFilledAndDeleted()
    {
        using var client = _host.Writer("team-c");
        var created = await client.PostJsonAsync("/namespaces/team-c/projects", """{"name":"alpha"}""");
        var project = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = project.GetProperty("id").GetString()!;
        Assert.Equal("alpha", project.GetProperty("name").GetString());
        Assert.Equal($"/namespaces/team-c/projects/{id}", created.Headers.Location?.OriginalString);

        var item = await client.PutJsonAsync($"/namespaces/team-c/projects/{id}/items/readme", """{"value":"hello"}""");
        await item.ReadJsonAsync(HttpStatusCode.Created);
        var replaced = await client.PutJsonAsync($"/namespaces/team-c/projects/{id}/items/readme", """{"value":"hello again"}""");
        await replaced.ReadJsonAsync(HttpStatusCode.OK);

        var read = await (await client.GetAsync(new Uri($"/namespaces/team-c/projects/{id}", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("hello again", read.GetProperty("items").GetProperty("readme").GetString());

        var usage = await QuotaUsageAsync(client, "team-c");
        Assert.Equal(1, usage.GetProperty("projects").GetInt64());
        Assert.Equal(1, usage.GetProperty("items").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/namespaces/team-c/projects/{id}", UriKind.Relative))).StatusCode);
        var gone = await client.GetAsync(new Uri($"/namespaces/team-c/projects/{id}", UriKind.Relative));
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        // Deleting gave the project and its item back.
        usage = await QuotaUsageAsync(client, "team-c");
        Assert.Equal(0, usage.GetProperty("projects").GetInt64());
        Assert.Equal(0, usage.GetProperty("items").GetInt64());
    }

    [Fact]
    public async Task ProjectWithoutName_Is400Validation()
    {
        using var client = _host.Writer("team-v");
        var response = await client.PostJsonAsync("/namespaces/team-v/projects", """{"name":" "}""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Ready_IsOk_AndLivenessAnswersWithoutToken()
    {
        using var client = _host.Client();
        var ready = await (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ok", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ready.GetProperty("checks").GetProperty("license").GetProperty("status").GetString());
        var live = await (await client.GetAsync(new Uri("/health", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ok", live.GetProperty("status").GetString());
        Assert.Equal("1.0.0", live.GetProperty("version").GetString());   // Glyphh:Health:Version from appsettings.json
    }

    [Fact]
    public async Task Metrics_HaveTheProjectsQuotaSeries()
    {
        using var client = _host.Writer("team-m");
        await client.CreateProjectAsync("team-m", "alpha");

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var usage = metrics.Split('\n').Where(l => l.StartsWith("glyphh_quota_usage", StringComparison.Ordinal)
            && l.Contains("glyphh_namespace=\"team-m\"", StringComparison.Ordinal)
            && l.Contains("glyphh_quota_resource=\"projects\"", StringComparison.Ordinal)).ToList();
        var series = Assert.Single(usage);
        Assert.Equal("1", series[(series.LastIndexOf('}') + 1)..].Trim().Split(' ')[0]);
    }

    private static async Task<JsonElement> QuotaUsageAsync(HttpClient client, string @namespace)
    {
        var status = await (await client.GetAsync(new Uri($"/namespaces/{@namespace}/quotas", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        return status.GetProperty("usage");
    }

    /// <summary>One host for these tests; each test uses its own namespace.</summary>
    public sealed class DefaultHost : IDisposable
    {
        public ProjectsHost Host { get; } = new();

        public void Dispose() => Host.Dispose();
    }
}
