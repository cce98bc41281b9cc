using System.Net;
using System.Net.Sockets;
using Glyphh.Health.Tests.Infrastructure;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Glyphh.Health.Tests.Checks;

public sealed class DatabaseHealthCheckTests
{
    [Fact]
    public async Task Check_PostgreSqlUp_ReportsOk()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.ConnectionString);
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDatabaseCheck(_ => dataSource));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        var database = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("ok", database.GetProperty("status").GetString());
        Assert.Matches(@"^query answered in \d+ ms$", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Check_QueryFails_Reports503WithTheServerMessage()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.ConnectionString);
        await using var host = await HealthTestHost.StartAsync(checks =>
            checks.AddGlyphhDatabaseCheck(_ => dataSource, o => o.Query = "SELECT * FROM no_such_table_here"));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Contains("no_such_table_here", body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NothingListensOnThePort_Reports503()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3");
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDatabaseCheck(_ => dataSource));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        var database = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("unhealthy", database.GetProperty("status").GetString());
        Assert.Equal($"Failed to connect to 127.0.0.1:{port}", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Check_ServerStoppedThenRestarted_GoesUnhealthyThenOk()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString + ";Timeout=3");
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddGlyphhDatabaseCheck(_ => dataSource),
            options => options.CacheDuration = TimeSpan.Zero);

        Assert.Equal(200, (await host.GetJsonAsync("/health/ready")).Status);

        await cluster.StopAsync();
        var (status, body) = await host.GetJsonAsync("/health/ready");
        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.NotEqual("", body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());

        await cluster.RestartAsync();
        Assert.Equal(200, (await host.GetJsonAsync("/health/ready")).Status);
    }
}
