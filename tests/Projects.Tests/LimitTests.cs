using System.Net;

namespace Glyphh.Samples.Projects.Tests;

/// <summary>The service's own limits, <c>projects</c> and <c>items</c>: from configuration and from a signed license.</summary>
public sealed class LimitTests : IDisposable
{
    private readonly DirectoryInfo _vendor = Directory.CreateTempSubdirectory("projects-vendor-");

    [Fact]
    public async Task ProjectsLimitHit_Is403QuotaExceededNamingProjects()
    {
        using var host = new ProjectsHost(new() { ["Glyphh:Quotas:DefaultLimits:projects"] = "2" });
        using var client = host.Writer("team-a");
        var problem = await CreateTwoThenThirdAsync(client, "team-a");
        Assert.Equal("team-a", problem.GetProperty("namespace").GetString());
        Assert.Equal("default", problem.GetProperty("limit_source").GetString());

        // Another namespace has its own count.
        using var other = host.Writer("team-b");
        await other.CreateProjectAsync("team-b", "one");
    }

    [Fact]
    public async Task ItemsLimitHit_Is403QuotaExceededNamingItems()
    {
        using var host = new ProjectsHost(new() { ["Glyphh:Quotas:DefaultLimits:items"] = "1" });
        using var client = host.Writer("team-i");
        var id = await client.CreateProjectAsync("team-i", "one");
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync($"/namespaces/team-i/projects/{id}/items/a", """{"value":"1"}""")).StatusCode);

        var second = await client.PutJsonAsync($"/namespaces/team-i/projects/{id}/items/b", """{"value":"2"}""");
        var problem = await second.AssertProblemAsync(HttpStatusCode.Forbidden, "quota-exceeded");
        Assert.Equal("items", problem.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task LicenseWithProjects2_CapsProjectsAt2()
    {
        var (root, license) = TestVendor.IssueSelfHosted(_vendor.CreateSubdirectory("ours").FullName, new() { ["projects"] = 2 });
        using var host = SelfHosted(root, license);
        using var client = host.Writer("team-l");
        var problem = await CreateTwoThenThirdAsync(client, "team-l");
        Assert.Equal("tier", problem.GetProperty("limit_source").GetString());

        // The license carries no items limit: the host's default (100) stays in force.
        var status = await (await client.GetAsync(new Uri("/namespaces/team-l/quotas", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, status.GetProperty("limits").GetProperty("projects").GetInt64());
        Assert.Equal(100, status.GetProperty("limits").GetProperty("items").GetInt64());

        using var probe = host.Client();
        var ready = await (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ok", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task LicenseFromAnotherVendor_IsRefusedButProbesAnswer()
    {
        var (root, _) = TestVendor.IssueSelfHosted(_vendor.CreateSubdirectory("ours").FullName, new() { ["projects"] = 2 });
        var (_, foreign) = TestVendor.IssueSelfHosted(_vendor.CreateSubdirectory("theirs").FullName, new() { ["projects"] = 1000 });
        using var host = SelfHosted(root, foreign);
        using var client = host.Writer("team-n");
        var refused = await client.PostJsonAsync("/namespaces/team-n/projects", """{"name":"one"}""");
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "license-invalid");

        using var probe = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    public void Dispose() => _vendor.Delete(recursive: true);

    /// <summary>Creates two projects, asserts the third is refused on the <c>projects</c> limit of 2, returns the problem.</summary>
    private static async Task<System.Text.Json.JsonElement> CreateTwoThenThirdAsync(HttpClient client, string @namespace)
    {
        await client.CreateProjectAsync(@namespace, "one");
        await client.CreateProjectAsync(@namespace, "two");
        var third = await client.PostJsonAsync($"/namespaces/{@namespace}/projects", """{"name":"three"}""");
        var problem = await third.AssertProblemAsync(HttpStatusCode.Forbidden, "quota-exceeded");
        Assert.Equal("projects", problem.GetProperty("resource").GetString());
        Assert.Equal(2, problem.GetProperty("limit").GetInt64());
        return problem;
    }

    private static ProjectsHost SelfHosted(string rootFile, string licenseFile) => new(new()
    {
        ["Glyphh:Licensing:Mode"] = "self-hosted",
        ["Glyphh:Licensing:LicenseFile"] = licenseFile,
        ["Glyphh:Licensing:RootCertificateFile"] = rootFile,
    });
}
