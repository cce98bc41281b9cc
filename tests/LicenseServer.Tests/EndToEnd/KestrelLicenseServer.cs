using Glyphh.LicenseServer.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>The license server composed as Program does, on real Kestrel at 127.0.0.1 with a free port.</summary>
internal sealed class KestrelLicenseServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private KestrelLicenseServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<KestrelLicenseServer> StartAsync(FakeTimeProvider time, string dataDirectory, TestCa ca)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["GLYPHH_DATA_DIR"] = dataDirectory,
            ["LICENSE_SIGNING_DIR"] = ca.Directory,
            ["ADMIN_API_KEY_HASHES"] = "ops:" + Glyphh.LicenseServer.Admin.AdminKeys.Hash(ServerFactory.AdminKey),
        });
        builder.Logging.ClearProviders();
        builder.AddLicenseServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        var app = builder.Build();
        await app.UseLicenseServerAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelLicenseServer(app, new Uri(address + "/"));
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Add("X-API-Key", ServerFactory.AdminKey);
        return client;
    }

    /// <summary>Stops listening: the next call-home meets a refused connection.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
