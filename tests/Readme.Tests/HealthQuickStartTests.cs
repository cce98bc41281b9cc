using System.Net;
using System.Text.Json;
using Glyphh.Readme.Tests.Snippets;

namespace Glyphh.Readme.Tests;

/// <summary>The Health and Health.Prometheus READMEs' quick starts, run as written.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class HealthQuickStartTests
{
    [Fact]
    public async Task HealthQuickStart_ServesProbes_SelectsByTag_HasNoMetricsEndpoint()
    {
        await using var host = await QuickStartHost.StartAsync(HealthSnippets.QuickStart, new Dictionary<string, string>());

        var live = await host.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var all = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
        Assert.Equal(["memory", "disk", "queue"], all.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name));

        using var ready = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/health/ready?tag=ready", UriKind.Relative)));
        Assert.Equal(["memory", "disk"], ready.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name));

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task PrometheusQuickStart_ServesMetricsWithTheHealthGauges()
    {
        await using var host = await QuickStartHost.StartAsync(HealthSnippets.PrometheusQuickStart, new Dictionary<string, string>());
        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("glyphh_health_check_status{", metrics, StringComparison.Ordinal);
        Assert.Contains("check=\"memory\"", metrics, StringComparison.Ordinal);
    }
}
