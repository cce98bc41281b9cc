using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Get_OverKestrel_ExportsHealthHttpKestrelRuntimeAndGlyphhMetersInValidFormat()
    {
        await using var host = await HealthTestHost.StartAsync(
            checks => checks
                .AddCheck("database", () => HealthCheckResult.Healthy())
                .AddCheck("Cache", () => HealthCheckResult.Degraded("slow"))
                .AddCheck("queue", () => HealthCheckResult.Unhealthy("down")),
            useKestrel: true);
        var meter = host.App.Services.GetRequiredService<IMeterFactory>().Create("Glyphh.Test");
        meter.CreateCounter<long>("glyphh.test.requests", "{request}", "Requests seen by the test.").Add(3);
        meter.CreateHistogram<double>("glyphh.test.wait", "s", "Waits seen by the test.").Record(0.25);
        host.App.Services.GetRequiredService<IMeterFactory>().Create("Other.Library").CreateCounter<long>("other.hidden", description: "Not exported.").Add(1);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);

        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var metrics = PrometheusText.Parse(text);
        AssertConventions(metrics);

        var status = metrics.Families["glyphh_health_check_status"];
        Assert.Equal("gauge", status.Type);
        Assert.Equal(1, status.Samples.Single(s => s.Labels["check"] == "database").Value);
        Assert.Equal(0.5, status.Samples.Single(s => s.Labels["check"] == "cache").Value);
        Assert.Equal(0, status.Samples.Single(s => s.Labels["check"] == "queue").Value);
        Assert.Equal("gauge", metrics.Families["glyphh_health_check_last_duration_seconds"].Type);
        Assert.Equal(3, metrics.Families["glyphh_health_check_last_duration_seconds"].Samples.Count);
        Assert.Equal("histogram", metrics.Families["glyphh_health_check_duration_seconds"].Type);

        Assert.Equal("counter", metrics.Families["glyphh_test_requests_total"].Type);
        Assert.Equal(3, metrics.Families["glyphh_test_requests_total"].Samples.Single().Value);
        Assert.Equal("histogram", metrics.Families["glyphh_test_wait_seconds"].Type);
        Assert.DoesNotContain(metrics.Families.Keys, k => k.StartsWith("other_", StringComparison.Ordinal));

        var http = metrics.Families["http_server_request_duration_seconds"];
        Assert.Equal("histogram", http.Type);
        Assert.Contains(http.Samples, s => s.Name.EndsWith("_count", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("http_route") == "/health"
            && s.Labels["http_response_status_code"] == "200" && s.Value >= 1);
        Assert.True(metrics.Families.ContainsKey("kestrel_active_connections"));
        Assert.Equal("counter", metrics.Families["dotnet_gc_collections_total"].Type);
        Assert.Equal("gauge", metrics.Families["dotnet_assemblies"].Type);

        await AssertPromtoolAcceptsAsync(text);
    }

    [Fact]
    public async Task Get_AdditionalMeterConfigured_ExportsIt()
    {
        await using var host = await HealthTestHost.StartAsync(configure: options => options.AdditionalMeters.Add("Acme.*"));
        host.App.Services.GetRequiredService<IMeterFactory>().Create("Acme.Billing")
            .CreateCounter<long>("acme.billing.invoices", "{invoice}", "Invoices.").Add(2);

        var metrics = PrometheusText.Parse(await host.Client.GetStringAsync("/metrics"));

        Assert.Equal(2, metrics.Families["acme_billing_invoices_total"].Samples.Single().Value);
    }

    [Fact]
    public async Task Get_BeforeAnyReadinessProbe_RunsChecksSoGaugesAreCurrent()
    {
        var check = new CountingCheck(HealthCheckResult.Unhealthy("down"));
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddCheck("database", check));

        var metrics = PrometheusText.Parse(await host.Client.GetStringAsync("/metrics"));

        Assert.Equal(1, check.Runs);
        Assert.Equal(0, metrics.Families["glyphh_health_check_status"].Samples.Single(s => s.Labels["check"] == "database").Value);
    }

    private static void AssertConventions(PrometheusText metrics)
    {
        Assert.NotEmpty(metrics.Families);
        foreach (var family in metrics.Families.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(family.Help), $"{family.Name} has no HELP");
            Assert.Contains(family.Type, new[] { "counter", "gauge", "histogram" });
            if (family.Type == "counter")
            {
                Assert.EndsWith("_total", family.Name, StringComparison.Ordinal);
            }
            else
            {
                Assert.False(family.Name.EndsWith("_total", StringComparison.Ordinal), $"{family.Name} is a {family.Type} named like a counter");
                Assert.False(family.Name.EndsWith("_count", StringComparison.Ordinal), $"{family.Name} ends in _count");
            }
            if (family.Name.Contains("duration", StringComparison.Ordinal) || family.Name.Contains("_time_", StringComparison.Ordinal))
            {
                Assert.Contains("_seconds", family.Name, StringComparison.Ordinal);
            }
            if (family.Type == "histogram")
            {
                Assert.Contains(family.Samples, s => s.Name == family.Name + "_bucket" && s.Labels["le"] == "+Inf");
                Assert.Contains(family.Samples, s => s.Name == family.Name + "_sum");
                Assert.Contains(family.Samples, s => s.Name == family.Name + "_count");
            }
        }
    }

    private static async Task AssertPromtoolAcceptsAsync(string text)
    {
        var promtool = Environment.GetEnvironmentVariable("PATH")?.Split(':')
            .Select(dir => Path.Combine(dir, "promtool")).FirstOrDefault(File.Exists);
        if (promtool is null)
        {
            // promtool is optional here (Debian package 'prometheus'); the parse above checks the format without it.
            return;
        }
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check metrics exited {process.ExitCode}: {await stdout}{await stderr}");
    }
}
