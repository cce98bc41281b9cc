using Glyphh.LicenseServer.Licenses;
using Glyphh.LicenseServer.Storage;
using Glyphh.LicenseServer.Validation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glyphh.LicenseServer.Tests.Storage;

public sealed class LicenseStoreTests
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(3);

    public static TheoryData<string> Engines => new() { "sqlite", "postgresql" };

    private static string Fp(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Migrate_Twice_AppliesOnce(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var again = await new Migrator(f.Database, f.Time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        Assert.Equal(0, again);
        Assert.True(await f.Store.PingAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Migrate_ConcurrentStarts_MigrateOnce(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        // A fresh schema, migrated by four "replicas" at once: exactly one applies each step.
        await using var conn = await f.Database.OpenAsync(CancellationToken.None);
        foreach (var table in new[] { "audit", "activations", "licenses", "schema_migrations" })
        {
            await using var drop = conn.Command($"DROP TABLE {table}");
            await drop.ExecuteNonQueryAsync();
        }
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new Migrator(f.Database, f.Time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None))));
        Assert.Equal(Migrations.All.Count, runs.Sum());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Migrate_DatabaseNewerThanServer_Refuses(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        await using (var conn = await f.Database.OpenAsync(CancellationToken.None))
        await using (var insert = conn.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)"))
        {
            await insert.ExecuteNonQueryAsync();
        }
        var e = await Assert.ThrowsAsync<Glyphh.Samples.Hosting.StartupConfigurationException>(() =>
            new Migrator(f.Database, f.Time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None));
        Assert.Equal(engine == "postgresql" ? "DATABASE_URL" : "GLYPHH_DATA_DIR", e.Setting);
        Assert.Contains("version 999", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Insert_ThenGet_RoundTripsAndAudits(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow(), maxMachines: 3);
        await f.Store.InsertAsync(license, "ops", "{}", CancellationToken.None);

        var read = await f.Store.GetAsync(license.Id, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(license.Customer, read.Customer);
        Assert.Equal(10, read.Limits["models"]);
        Assert.Equal(["sso"], read.Features);
        Assert.Equal(3, read.MaxMachines);
        Assert.Equal(license.ExpiresAt, read.ExpiresAt);
        var audit = Assert.Single(await f.Store.ListAuditAsync(license.Id, 10, CancellationToken.None));
        Assert.Equal(("ops", "license.create"), (audit.Actor, audit.Action));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task List_FiltersAndPages(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        for (var i = 0; i < 5; i++)
        {
            f.Time.Advance(TimeSpan.FromMinutes(1));
            var l = StoreFixture.NewLicense(f.Time.GetUtcNow()) with { Customer = i % 2 == 0 ? $"Acme_{i}" : $"Other {i}" };
            await f.Store.InsertAsync(l, "ops", "{}", CancellationToken.None);
        }
        var acme = await f.Store.ListAsync(new LicenseFilter("acme_", null, null, 2, 0), CancellationToken.None);
        Assert.Equal(3, acme.Total);
        Assert.Equal(["Acme_4", "Acme_2"], acme.Items.Select(l => l.Customer));
        var page2 = await f.Store.ListAsync(new LicenseFilter("acme_", null, null, 2, 2), CancellationToken.None);
        Assert.Equal(["Acme_0"], page2.Items.Select(l => l.Customer));
        // '%' and '_' are literal in the customer filter.
        Assert.Equal(0, (await f.Store.ListAsync(new LicenseFilter("%", null, null, 10, 0), CancellationToken.None)).Total);
        Assert.Equal(5, (await f.Store.ListAsync(new LicenseFilter(null, "glyphh-runtime", LicenseState.Active, 10, 0), CancellationToken.None)).Total);
        Assert.Equal(0, (await f.Store.ListAsync(new LicenseFilter(null, null, LicenseState.Revoked, 10, 0), CancellationToken.None)).Total);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ChangeState_RevokeIsFinal(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow());
        await f.Store.InsertAsync(license, "ops", "{}", CancellationToken.None);
        var now = f.Time.GetUtcNow();

        Assert.Equal(StateChangeResult.Changed, (await f.Store.ChangeStateAsync(license.Id, LicenseState.Suspended, "late payment", "ops", now, default)).Result);
        Assert.Equal(StateChangeResult.Unchanged, (await f.Store.ChangeStateAsync(license.Id, LicenseState.Suspended, null, "ops", now, default)).Result);
        Assert.Equal(StateChangeResult.Changed, (await f.Store.ChangeStateAsync(license.Id, LicenseState.Active, null, "ops", now, default)).Result);
        Assert.Equal(StateChangeResult.Changed, (await f.Store.ChangeStateAsync(license.Id, LicenseState.Revoked, "fraud", "ops", now, default)).Result);
        Assert.Equal(StateChangeResult.Conflict, (await f.Store.ChangeStateAsync(license.Id, LicenseState.Active, null, "ops", now, default)).Result);
        Assert.Equal(StateChangeResult.NotFound, (await f.Store.ChangeStateAsync("lic_nope", LicenseState.Active, null, "ops", now, default)).Result);

        var actions = (await f.Store.ListAuditAsync(license.Id, 10, default)).Select(a => a.Action).Reverse();
        Assert.Equal(["license.create", "license.suspend", "license.reinstate", "license.revoke"], actions);
        Assert.Equal("fraud", (await f.Store.GetAsync(license.Id, default))!.StateReason);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Validate_SeatLimit_RefusesExtraMachineButKeepsExisting(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow(), maxMachines: 2);
        await f.Store.InsertAsync(license, "ops", "{}", default);
        var lookup = new LicenseLookup(license.KeyHash, null);

        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(1), "glyphh-runtime", "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(2), "glyphh-runtime", "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        var third = await f.Store.ValidateAsync(lookup, _ => true, Fp(3), "glyphh-runtime", "1.0", f.Time.GetUtcNow(), StaleAfter, default);
        Assert.Equal(ValidationStatus.TooManyMachines, third.Status);
        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(1), "glyphh-runtime", "1.1", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        Assert.Equal(2, (await f.Store.ListActivationsAsync(license.Id, default)).Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Validate_StaleActivation_FreesItsSeat(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow(), maxMachines: 1);
        await f.Store.InsertAsync(license, "ops", "{}", default);
        var lookup = new LicenseLookup(null, license.Id);

        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(1), null, "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        f.Time.Advance(StaleAfter - TimeSpan.FromMinutes(1));
        Assert.Equal(ValidationStatus.TooManyMachines, (await f.Store.ValidateAsync(lookup, _ => true, Fp(2), null, "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        f.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(2), null, "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        // The first machine came back after its seat was taken: it is now the extra one.
        Assert.Equal(ValidationStatus.TooManyMachines, (await f.Store.ValidateAsync(lookup, _ => true, Fp(1), null, "1.0", f.Time.GetUtcNow(), StaleAfter, default)).Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Validate_ConcurrentNewMachines_NeverExceedLimit(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow(), maxMachines: 3);
        await f.Store.InsertAsync(license, "ops", "{}", default);
        var lookup = new LicenseLookup(license.KeyHash, null);
        var now = f.Time.GetUtcNow();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => f.Store.ValidateAsync(lookup, _ => true, Fp(i), "glyphh-runtime", "1.0", now, StaleAfter, default))));
        Assert.Equal(3, results.Count(r => r.Status == ValidationStatus.Valid));
        Assert.Equal(3, (await f.Store.ListActivationsAsync(license.Id, default)).Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Validate_EachStatus(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var now = f.Time.GetUtcNow();
        var active = StoreFixture.NewLicense(now);
        var expired = StoreFixture.NewLicense(now.AddDays(-30)) with { ExpiresAt = now.AddDays(-1) };
        var future = StoreFixture.NewLicense(now) with { NotBefore = now.AddDays(1) };
        var suspended = StoreFixture.NewLicense(now);
        var revoked = StoreFixture.NewLicense(now);
        foreach (var l in new[] { active, expired, future, suspended, revoked })
        {
            await f.Store.InsertAsync(l, "ops", "{}", default);
        }
        await f.Store.ChangeStateAsync(suspended.Id, LicenseState.Suspended, null, "ops", now, default);
        await f.Store.ChangeStateAsync(revoked.Id, LicenseState.Revoked, null, "ops", now, default);

        async Task<ValidationStatus> V(LicenseRecord l, string product = "glyphh-runtime") =>
            (await f.Store.ValidateAsync(new LicenseLookup(null, l.Id), _ => true, Fp(1), product, "1", now, StaleAfter, default)).Status;

        Assert.Equal(ValidationStatus.Valid, await V(active));
        Assert.Equal(ValidationStatus.Expired, await V(expired));
        Assert.Equal(ValidationStatus.Suspended, await V(future));
        Assert.Equal(ValidationStatus.Suspended, await V(suspended));
        Assert.Equal(ValidationStatus.Revoked, await V(revoked));
        Assert.Equal(ValidationStatus.Unknown, await V(active, product: "other-product"));
        Assert.Equal(ValidationStatus.Unknown,
            (await f.Store.ValidateAsync(new LicenseLookup("00" + new string('a', 62), null), _ => true, Fp(1), null, "1", now, StaleAfter, default)).Status);
        Assert.Empty(await f.Store.ListActivationsAsync(revoked.Id, default));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RemoveActivation_FreesSeatAndAudits(string engine)
    {
        await using var f = await StoreFixture.CreateAsync(engine);
        var license = StoreFixture.NewLicense(f.Time.GetUtcNow(), maxMachines: 1);
        await f.Store.InsertAsync(license, "ops", "{}", default);
        var lookup = new LicenseLookup(license.KeyHash, null);
        await f.Store.ValidateAsync(lookup, _ => true, Fp(1), null, "1", f.Time.GetUtcNow(), StaleAfter, default);
        var activation = Assert.Single(await f.Store.ListActivationsAsync(license.Id, default));

        Assert.True(await f.Store.RemoveActivationAsync(license.Id, activation.Id, "ops", f.Time.GetUtcNow(), default));
        Assert.False(await f.Store.RemoveActivationAsync(license.Id, activation.Id, "ops", f.Time.GetUtcNow(), default));
        Assert.Equal(ValidationStatus.Valid, (await f.Store.ValidateAsync(lookup, _ => true, Fp(2), null, "1", f.Time.GetUtcNow(), StaleAfter, default)).Status);
        Assert.Equal("activation.remove", (await f.Store.ListAuditAsync(license.Id, 1, default))[0].Action);
    }
}
