using System.Net;
using Glyphh.Readme.Tests.Snippets;

namespace Glyphh.Readme.Tests;

/// <summary>The Licensing README's quick start, run as written in local mode with the host's own limit on projects.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class LicensingQuickStartTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("glyphh-readme-licensing-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task QuickStart_LocalMode_TheHostsProjectsLimitHolds_AndFeaturesAreOpen()
    {
        await using var host = await QuickStartHost.StartAsync(LicensingSnippets.QuickStart, new Dictionary<string, string>
        {
            ["Glyphh:Licensing:Product"] = "projects-service",
            ["Glyphh:Licensing:LocalLimits:projects"] = "2",
            ["Glyphh:Licensing:DataDirectory"] = _data.FullName,
        });

        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsync(new Uri("/projects/a", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsync(new Uri("/projects/b", UriKind.Relative), null)).StatusCode);
        var third = await host.Client.PostAsync(new Uri("/projects/c", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);
        Assert.Contains("allows 2 projects", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal("report", await host.Client.GetStringAsync(new Uri("/reports", UriKind.Relative)));
        Assert.Equal("Unlicensed (local): Local mode: no license required; limits: projects=2.", await host.Client.GetStringAsync(new Uri("/license", UriKind.Relative)));
    }
}
