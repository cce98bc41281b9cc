using System.Net;
using System.Text.Json;
using Glyphh.Readme.Tests.Snippets;
using Glyphh.TestSupport;
using Npgsql;

namespace Glyphh.Readme.Tests;

/// <summary>The Quotas README's quick start, run as written on a real PostgreSQL: the transactional pattern end to end.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class QuotasQuickStartTests
{
    [Fact]
    public async Task QuickStart_ReservesInTheTransaction_RefusesPastTheLimit_And404sUnknownTeams()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("readmequotas");
        await using (var data = NpgsqlDataSource.Create(connectionString))
        await using (var create = data.CreateCommand("""
            CREATE TABLE teams (name text PRIMARY KEY);
            CREATE TABLE items (id bigserial PRIMARY KEY, team text NOT NULL REFERENCES teams (name), text text NOT NULL);
            INSERT INTO teams VALUES ('team-a');
            """))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var host = await QuickStartHost.StartAsync(QuotasSnippets.QuickStart, new Dictionary<string, string>
        {
            ["ConnectionStrings:Items"] = connectionString,
            ["Glyphh:Quotas:DefaultLimits:items"] = "2",
        });

        var first = await host.Client.PostAsJsonAsync("/teams/team-a/items", new { text = "one" });
        var second = await host.Client.PostAsJsonAsync("/teams/team-a/items", new { text = "two" });
        var third = await host.Client.PostAsJsonAsync("/teams/team-a/items", new { text = "three" });
        var usage = await host.Client.GetFromJsonAsync<Dictionary<string, long>>("/teams/team-a/usage");
        var unknown = await host.Client.GetAsync(new Uri("/namespaces/nobody/quotas", UriKind.Relative));
        var known = await host.Client.GetAsync(new Uri("/namespaces/team-a/quotas", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);
        using var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.Equal("https://glyphh.dev/problems/quota-exceeded", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("items", problem.RootElement.GetProperty("resource").GetString());
        Assert.Equal(2, usage!["items"]);
        Assert.Equal(3 + 3, usage["bytes"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        await using var check = NpgsqlDataSource.Create(connectionString);
        await using var rows = check.CreateCommand("SELECT count(*) FROM items");
        Assert.Equal(2L, await rows.ExecuteScalarAsync());
    }
}
