using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Health.Tests.Infrastructure;

/// <summary>A real ASP.NET Core app on TestServer with the Glyphh health endpoints and a fake clock.</summary>
internal sealed class HealthTestHost : IAsyncDisposable
{
    private HealthTestHost(WebApplication app, FakeTimeProvider time, HttpClient client)
    {
        App = app;
        Time = time;
        Client = client;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<HealthTestHost> StartAsync(
        Action<IGlyphhHealthBuilder>? checks = null,
        Action<GlyphhHealthOptions>? configure = null,
        Action<WebApplicationBuilder>? builder = null,
        Action<WebApplication>? app = null,
        bool useKestrel = false,
        bool prometheus = true)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var webBuilder = WebApplication.CreateSlimBuilder();
        if (useKestrel)
        {
            webBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            webBuilder.WebHost.UseTestServer();
        }
        webBuilder.Logging.ClearProviders();
        webBuilder.Services.AddSingleton<TimeProvider>(time);
        var healthChecks = webBuilder.Services.AddGlyphhHealth(configure ?? (_ => { }));
        if (prometheus)
        {
            healthChecks.AddPrometheusExporter();
        }

        checks?.Invoke(healthChecks);
        builder?.Invoke(webBuilder);
        var application = webBuilder.Build();
        app?.Invoke(application);
        application.MapGlyphhHealth();
        await application.StartAsync();
        var client = useKestrel ? new HttpClient { BaseAddress = new Uri(application.Urls.First()) } : application.GetTestClient();
        return new HealthTestHost(application, time, client);
    }

    public async Task<(int Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
