using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>Settings for each storage: embedded SQLite in a temp data directory, or a fresh database on the real PostgreSQL.</summary>
internal static class StorageKind
{
    public static async Task<Dictionary<string, string?>> SettingsAsync(bool postgres, string dataDir, string mode = "local")
    {
        var settings = new Dictionary<string, string?>
        {
            ["DEPLOYMENT_MODE"] = mode,
            ["GLYPHH_DATA_DIR"] = dataDir,
        };
        if (postgres)
        {
            settings["DATABASE_URL"] = await PostgresServer.CreateDatabaseAsync("rt");
        }
        return settings;
    }
}
