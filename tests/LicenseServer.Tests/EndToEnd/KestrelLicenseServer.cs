using Glyphh.LicenseServer.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>The license server composed as Program does, on real Kestrel at 127.0.0.1; it can be stopped and started again on the same port and data.</summary>
internal sealed class KestrelLicenseServer : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    private KestrelLicenseServer(TimeProvider time, Dictionary<string, string?> settings)
    {
        _time = time;
        _settings = settings;
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<KestrelLicenseServer> StartAsync(TimeProvider time, string dataDirectory, TestCa ca, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["GLYPHH_DATA_DIR"] = dataDirectory,
            ["LICENSE_SIGNING_DIR"] = ca.Directory,
            ["ADMIN_API_KEY_HASHES"] = "ops:" + Glyphh.LicenseServer.Admin.AdminKeys.Hash(ServerFactory.AdminKey),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        var server = new KestrelLicenseServer(time, all);
        await server.StartAsync();
        return server;
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Add("X-API-Key", ServerFactory.AdminKey);
        return client;
    }

    /// <summary>Starts (again) on the port of the first start, with the same data and signing material.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            return;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Logging.ClearProviders();
        builder.AddLicenseServer();
        builder.Services.AddSingleton(_time);
        var app = builder.Build();
        await app.UseLicenseServerAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address + "/");
        _settings["urls"] = address;
        _app = app;
    }

    /// <summary>Stops listening: the next call-home meets a refused connection. Bounded in real time (see <see cref="RealTime"/>).</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await RealTime.StopAndDisposeAsync(app, "the license server");
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
