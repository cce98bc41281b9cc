using Glyphh.TestSupport;
using System.Net;
using Glyphh.Runtime.Hosting;
using Glyphh.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Runtime.Tests;

/// <summary>Shutdown turns readiness unhealthy first while requests are still served during the drain.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Stopping_ReadinessUnhealthyDuringDrain_RequestsStillServed()
    {
        var settings = await StorageKind.SettingsAsync(false, _dir.Path);
        settings["Glyphh:Health:CacheDuration"] = "00:00:00";
        settings["Glyphh:Runtime:ShutdownDelay"] = "00:00:03";
        await using var runtime = await RuntimeInstance.StartAsync(settings);
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/health/ready")).StatusCode);

        var stopping = runtime.App.StopAsync();
        var state = runtime.Services.GetRequiredService<ShutdownState>();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (!state.IsStopping && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var ready = await runtime.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.ReadJsonAsync();
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("shutdown").GetProperty("status").GetString());
        // The drain keeps serving the API while load balancers notice.
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/models")).StatusCode);
        await stopping;
    }
}
