using Glyphh.Quotas;
using Glyphh.Runtime.Quotas;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Glyphh.Runtime.Tests;

/// <summary>
/// A release the PostgreSQL quota store cannot take (the database is down) is kept and applied once the database
/// answers again: the reservation of a write that failed with the database never stays counted.
/// </summary>
public sealed class DeferredReleasesTests
{
    [Fact]
    public async Task Release_DatabaseDown_IsKeptAndAppliedWhenItReturns()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhQuotas(o => o.DefaultLimits[QuotaResources.Glyphs] = 100)
            .UsePostgreSql(cluster.ConnectionString);
        builder.Services.AddSingleton<DeferredReleases>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeferredReleases>());
        using var host = builder.Build();
        await host.StartAsync();
        var quotas = host.Services.GetRequiredService<IQuotaService>();
        var deferred = host.Services.GetRequiredService<DeferredReleases>();

        var reservation = await quotas.ReserveAsync("m1", QuotaResources.Glyphs, 5);
        reservation.Commit();
        Assert.Equal(5, (await quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);

        await cluster.StopAsync();
        await deferred.ReleaseAsync("m1", [new QuotaRequest(QuotaResources.Glyphs, 2)]);
        await deferred.ReleaseAsync("m1", [new QuotaRequest(QuotaResources.Glyphs, 1)]);
        Assert.Equal(1, deferred.Count); // summed per namespace and resource, not one entry per call

        await cluster.RestartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (deferred.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(0, deferred.Count);
        Assert.Equal(2, (await quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Release_StoreAnswers_IsAppliedAtOnce()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("deferred");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhQuotas(o => o.DefaultLimits[QuotaResources.Glyphs] = 100)
            .UsePostgreSql(connectionString);
        builder.Services.AddSingleton<DeferredReleases>();
        using var host = builder.Build();
        await host.StartAsync();
        var quotas = host.Services.GetRequiredService<IQuotaService>();
        var deferred = host.Services.GetRequiredService<DeferredReleases>();

        (await quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4)).Commit();
        await deferred.ReleaseAsync("m1", [new QuotaRequest(QuotaResources.Glyphs, 3)]);

        Assert.Equal(0, deferred.Count);
        Assert.Equal(1, (await quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        await host.StopAsync();
    }
}
