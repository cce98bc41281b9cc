using Glyphh.LicenseServer.Licenses;
using Glyphh.LicenseServer.Storage;
using Glyphh.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.LicenseServer.Tests.Storage;

/// <summary>A migrated store on a fresh SQLite file or a fresh PostgreSQL database.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly string? _directory;

    private StoreFixture(LicenseDatabase database, string? directory, FakeTimeProvider time)
    {
        Database = database;
        _directory = directory;
        Time = time;
        Store = new LicenseStore(database);
    }

    public LicenseDatabase Database { get; }

    public LicenseStore Store { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<StoreFixture> CreateAsync(string engine)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        StoreFixture fixture;
        if (engine == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "glyphh-ls-" + Guid.NewGuid().ToString("N")[..12]);
            fixture = new StoreFixture(LicenseDatabase.Create(null, dir), dir, time);
        }
        else
        {
            var cs = await PostgresServer.CreateDatabaseAsync("ls");
            fixture = new StoreFixture(LicenseDatabase.Create(cs, "unused"), null, time);
        }
        await new Migrator(fixture.Database, time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        return fixture;
    }

    public static LicenseRecord NewLicense(DateTimeOffset now, int? maxMachines = null, string? id = null) => new()
    {
        Id = id ?? "lic_" + Guid.NewGuid().ToString("N"),
        KeyHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
        KeyHint = "AB12",
        Customer = "Acme Corp",
        Product = "glyphh-runtime",
        Mode = "self-hosted",
        Limits = new Dictionary<string, long> { ["models"] = 10 },
        Features = ["sso"],
        MaxMachines = maxMachines,
        IssuedAt = now,
        NotBefore = now,
        ExpiresAt = now.AddDays(365),
        RevalidateHours = 24,
        GraceDays = 7,
        State = LicenseState.Active,
        UpdatedAt = now,
        LicenseFile = "-----BEGIN GLYPHH LICENSE-----\nAA==\n-----END GLYPHH LICENSE-----\n",
    };

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
