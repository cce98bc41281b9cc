using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Support;

/// <summary>A real ASP.NET Core app (TestServer) with licensing, a fake clock and fake logs.</summary>
internal sealed class LicensedApp : IAsyncDisposable
{
    private LicensedApp(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
        State = app.Services.GetRequiredService<ILicenseState>();
        Logs = app.Services.GetFakeLogCollector();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ILicenseState State { get; }

    public FakeLogCollector Logs { get; }

    public static async Task<LicensedApp> StartAsync(FakeTimeProvider time, Action<GlyphhLicensingOptions> configure, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddGlyphhLicensing(o =>
        {
            o.Product = TestPki.Product;
            configure(o);
        });
        builder.Services.AddHealthChecks().AddGlyphhLicenseCheck();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseGlyphhLicensing();
        app.MapGet("/api/thing", () => "thing");
        app.MapGet("/health", () => "alive");
        app.MapGet("/premium", () => "premium").RequireLicensedFeature("search");
        app.MapGet("/gold", () => "gold").RequireLicensedFeature("gold");
        app.MapHealthChecks("/health/ready");
        await app.StartAsync();
        return new LicensedApp(app);
    }

    /// <summary>Waits (real time) until the state satisfies <paramref name="predicate"/>, optionally advancing the fake clock each round.</summary>
    public async Task<LicenseSnapshot> WaitForAsync(Func<LicenseSnapshot, bool> predicate, FakeTimeProvider? time = null, TimeSpan? step = null, int rounds = 400)
    {
        for (var i = 0; i < rounds; i++)
        {
            var current = State.Current;
            if (predicate(current))
            {
                return current;
            }

            if (time is not null && step is { } s)
            {
                time.Advance(s);
            }

            await Task.Delay(15);
        }

        throw new Xunit.Sdk.XunitException($"The license state never matched; it is {State.Current}.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
