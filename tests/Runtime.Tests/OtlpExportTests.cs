using Glyphh.TestSupport;
using Glyphh.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Glyphh.Runtime.Tests;

/// <summary>The runtime exports traces over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TracerProvider_ExistsOnlyWithTheEndpointVariable(bool set)
    {
        using var dir = new TempDirectory();
        var settings = await StorageKind.SettingsAsync(false, dir.Path, "local");
        if (set)
        {
            // Nothing listens there; the exporter only queues and drops, the runtime still starts and answers.
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        }

        await using var runtime = await RuntimeInstance.StartAsync(settings);
        Assert.Equal(set, runtime.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await runtime.Client.GetAsync("/health")).StatusCode);
    }
}
