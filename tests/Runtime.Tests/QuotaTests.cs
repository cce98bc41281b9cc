using Glyphh.TestSupport;
using System.Net;
using Glyphh.Runtime.Tests.Support;
using Npgsql;

namespace Glyphh.Runtime.Tests;

/// <summary>Quotas through the runtime: local caps, usage accounting, the admin endpoints, restarts, failed writes.</summary>
public abstract class QuotaTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    protected abstract bool Postgres { get; }

    public void Dispose() => _dir.Dispose();

    private async Task<Dictionary<string, string?>> SettingsAsync() => await StorageKind.SettingsAsync(Postgres, _dir.Path);

    [Fact]
    public async Task LocalMode_SecondModel_403QuotaExceededNamingTheLimit()
    {
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync());
        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
        var problem = await (await runtime.Client.PostJsonAsync("/models", """{"name":"m2"}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("models", problem.GetProperty("resource").GetString());
        Assert.Equal(1, problem.GetProperty("limit").GetInt64());
        Assert.Equal("local", problem.GetProperty("mode").GetString());
        Assert.Contains("license", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await (await runtime.Client.GetAsync("/models/m2")).AssertProblemAsync(404, "not-found");

        // Deleting the model gives its slot back.
        Assert.Equal(HttpStatusCode.NoContent, (await runtime.Client.DeleteAsync("/models/m1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PostJsonAsync("/models", """{"name":"m2"}""")).StatusCode);
    }

    [Fact]
    public async Task LocalMode_Glyph1001_403ButReplaceAndDeleteThenAddWork()
    {
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync());
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var response = await runtime.Client.PutJsonAsync($"/models/m1/glyphs/g{i}", """{"vector":[1,2]}""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
        var problem = await (await runtime.Client.PutJsonAsync("/models/m1/glyphs/one-more", """{"vector":[1,2]}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("glyphs", problem.GetProperty("resource").GetString());
        Assert.Equal(1000, problem.GetProperty("limit").GetInt64());
        Assert.Equal(1000, problem.GetProperty("usage").GetInt64());
        Assert.Equal("m1", problem.GetProperty("namespace").GetString());

        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.PutJsonAsync("/models/m1/glyphs/g5", """{"vector":[3,4,5]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await runtime.Client.DeleteAsync("/models/m1/glyphs/g7")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PutJsonAsync("/models/m1/glyphs/one-more", """{"vector":[1,2]}""")).StatusCode);
        var status = await (await runtime.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync();
        Assert.Equal(1000, status.GetProperty("usage").GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task QuotaStatus_TracksGlyphBytesThroughPutReplaceDelete()
    {
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync());
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2,3,4],"payload":{"k":"v"}}""");
        await runtime.Client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[1,2]}""");
        await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1],"payload":{"k":"vv"}}""");
        await runtime.Client.DeleteAsync("/models/m1/glyphs/b");

        var status = await (await runtime.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync();
        Assert.Equal("m1", status.GetProperty("namespace").GetString());
        var usage = status.GetProperty("usage");
        var model = await (await runtime.Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(1, usage.GetProperty("glyphs").GetInt64());
        Assert.Equal(4, usage.GetProperty("memory_bytes").GetInt64());
        Assert.Equal(1 + 10 + 4, usage.GetProperty("storage_bytes").GetInt64());
        Assert.Equal(model.GetProperty("storage_bytes").GetInt64(), usage.GetProperty("storage_bytes").GetInt64());
        Assert.Equal(1000, status.GetProperty("limits").GetProperty("glyphs").GetInt64());
        Assert.Equal(1073741824, status.GetProperty("limits").GetProperty("memory_bytes").GetInt64());
    }

    [Fact]
    public async Task PutQuota_LowerMemoryLimit_RefusesGrowthUntilReset()
    {
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync());
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        var set = await runtime.Client.PutJsonAsync("/namespaces/m1/quotas", """{"memory_bytes":16}""");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(16, (await set.ReadJsonAsync()).GetProperty("limits").GetProperty("memory_bytes").GetInt64());

        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2,3]}""")).StatusCode);
        var problem = await (await runtime.Client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[1,2]}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("memory_bytes", problem.GetProperty("resource").GetString());
        // The refused write stored nothing and reserved nothing.
        await (await runtime.Client.GetAsync("/models/m1/glyphs/b")).AssertProblemAsync(404, "not-found");
        Assert.Equal(12, (await (await runtime.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync()).GetProperty("usage").GetProperty("memory_bytes").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.PutJsonAsync("/namespaces/m1/quotas", """{"memory_bytes":null}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[1,2]}""")).StatusCode);
    }

    [Fact]
    public async Task PutQuota_InvalidBody_400Validation()
    {
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync());
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await (await runtime.Client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":-5}""")).AssertProblemAsync(400, "validation");
        await (await runtime.Client.PutJsonAsync("/namespaces/m1/quotas", """{"nonsense":1}""")).AssertProblemAsync(400, "validation");
    }

    [Fact]
    public async Task Restart_KeepsDataAndQuotaUsage()
    {
        var settings = await SettingsAsync();
        await using (var first = await RuntimeInstance.StartAsync(settings))
        {
            await first.Client.PostJsonAsync("/models", """{"name":"m1"}""");
            for (var i = 0; i < 5; i++)
            {
                await first.Client.PutJsonAsync($"/models/m1/glyphs/g{i}", """{"vector":[1,2,3],"payload":{"n":1}}""");
            }
        }
        await using var second = await RuntimeInstance.StartAsync(settings);
        var glyph = await (await second.Client.GetAsync("/models/m1/glyphs/g3")).ReadJsonAsync();
        Assert.Equal(3, glyph.GetProperty("vector").GetArrayLength());
        var usage = (await (await second.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync()).GetProperty("usage");
        Assert.Equal(5, usage.GetProperty("glyphs").GetInt64());
        Assert.Equal(60, usage.GetProperty("memory_bytes").GetInt64());
        // The model slot is still taken after the restart.
        await (await second.Client.PostJsonAsync("/models", """{"name":"m2"}""")).AssertProblemAsync(403, "quota-exceeded");
    }

    [Fact]
    public async Task Restart_KeepsQuotaOverridesAndEnforcesThem()
    {
        var settings = await SettingsAsync();
        await using (var first = await RuntimeInstance.StartAsync(settings))
        {
            await first.Client.PostJsonAsync("/models", """{"name":"m1"}""");
            Assert.Equal(HttpStatusCode.OK, (await first.Client.PutJsonAsync("/namespaces/m1/quotas", """{"memory_bytes":16,"storage_bytes":"unlimited","glyphs":5}""")).StatusCode);
            // Going back to the default is durable too.
            Assert.Equal(HttpStatusCode.OK, (await first.Client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":null}""")).StatusCode);
            // A namespace that is no model is refused like the model routes refuse it, and creates no state.
            await (await first.Client.PutJsonAsync("/namespaces/other/quotas", """{"glyphs":7}""")).AssertProblemAsync(404, "namespace-not-found");
        }
        await using var second = await RuntimeInstance.StartAsync(settings);
        var limits = (await (await second.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync()).GetProperty("limits");
        Assert.Equal(16, limits.GetProperty("memory_bytes").GetInt64());
        Assert.Equal("unlimited", limits.GetProperty("storage_bytes").GetString());
        Assert.Equal(1000, limits.GetProperty("glyphs").GetInt64());
        await (await second.Client.GetAsync("/namespaces/other/quotas")).AssertProblemAsync(404, "namespace-not-found");

        Assert.Equal(HttpStatusCode.Created, (await second.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2,3]}""")).StatusCode);
        var problem = await (await second.Client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[1,2]}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("memory_bytes", problem.GetProperty("resource").GetString());
        Assert.Equal(16, problem.GetProperty("limit").GetInt64());
    }

    [Fact]
    public async Task Restart_KeepsDeletesAndReplacements()
    {
        var settings = await SettingsAsync();
        settings["DEPLOYMENT_MODE"] = "cloud";
        settings["JWT_SECRET_KEY"] = Jwt.Secret;
        await using (var first = await RuntimeInstance.StartAsync(settings))
        {
            using var admin = first.CreateClient(Jwt.Admin());
            await admin.PostJsonAsync("/models", """{"name":"keep"}""");
            await admin.PostJsonAsync("/models", """{"name":"gone"}""");
            await admin.PutJsonAsync("/models/gone/glyphs/g", """{"vector":[1,2,3,4]}""");
            await admin.PutJsonAsync("/models/keep/glyphs/a", """{"vector":[1,2,3,4]}""");
            await admin.PutJsonAsync("/models/keep/glyphs/b", """{"vector":[1,2]}""");
            Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync("/models/keep/glyphs/a", """{"vector":[9],"payload":{"v":2}}""")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/models/keep/glyphs/b")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/models/gone")).StatusCode);
        }
        await using var second = await RuntimeInstance.StartAsync(settings);
        using var reader = second.CreateClient(Jwt.Admin());
        var models = (await (await reader.GetAsync("/models")).ReadJsonAsync()).GetProperty("items");
        Assert.Equal("keep", Assert.Single(models.EnumerateArray()).GetProperty("name").GetString());
        await (await reader.GetAsync("/models/gone")).AssertProblemAsync(404, "not-found");
        await (await reader.GetAsync("/models/keep/glyphs/b")).AssertProblemAsync(404, "not-found");
        var a = await (await reader.GetAsync("/models/keep/glyphs/a")).ReadJsonAsync();
        Assert.Equal(1, a.GetProperty("vector").GetArrayLength());
        Assert.Equal(2, a.GetProperty("payload").GetProperty("v").GetInt32());
        var usage = (await (await reader.GetAsync("/namespaces/keep/quotas")).ReadJsonAsync()).GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("glyphs").GetInt64());
        Assert.Equal(4, usage.GetProperty("memory_bytes").GetInt64());
        await (await reader.GetAsync("/namespaces/gone/quotas")).AssertProblemAsync(404, "namespace-not-found");
        Assert.Equal(1, (await (await reader.GetAsync("/namespaces/_deployment/quotas")).ReadJsonAsync()).GetProperty("usage").GetProperty("models").GetInt64());
    }
}

/// <summary>On the embedded SQLite default.</summary>
public sealed class QuotaSqliteTests : QuotaTests
{
    protected override bool Postgres => false;
}

/// <summary>On the real PostgreSQL.</summary>
public sealed class QuotaPostgresTests : QuotaTests
{
    protected override bool Postgres => true;

    [Fact]
    public async Task FailedWrite_DatabaseRejectsRow_LeavesNoReservation()
    {
        using var dir = new TempDirectory();
        var settings = await StorageKind.SettingsAsync(true, dir.Path);
        await using var runtime = await RuntimeInstance.StartAsync(settings);
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await runtime.Client.PutJsonAsync("/models/m1/glyphs/ok", """{"vector":[1,2]}""");

        // A real database failure after the reservation: a trigger refuses one id.
        await using (var connection = new NpgsqlConnection(settings["DATABASE_URL"]))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN
                  IF NEW.id = 'boom' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_boom BEFORE INSERT OR UPDATE ON glyphh_glyphs FOR EACH ROW EXECUTE FUNCTION refuse_boom();
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
        var failed = await runtime.Client.PutJsonAsync("/models/m1/glyphs/boom", """{"vector":[1,2,3,4,5,6,7,8]}""");
        await failed.AssertProblemAsync(500, "internal");

        var usage = (await (await runtime.Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync()).GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("glyphs").GetInt64());
        Assert.Equal(8, usage.GetProperty("memory_bytes").GetInt64());
    }
}
