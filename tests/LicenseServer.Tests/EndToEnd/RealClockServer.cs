using Glyphh.LicenseServer.Tests.Http;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>
/// A scratch directory, a test CA and the license server on loopback on the real clock, with revalidation capped at
/// 2 s (MAX_REVALIDATION_INTERVAL) and no rate limit to speak of, for runs of the built runtime against it.
/// </summary>
internal sealed class RealClockServer : IAsyncDisposable
{
    private RealClockServer(string root, TestCa ca, KestrelLicenseServer server)
    {
        Root = root;
        Ca = ca;
        Server = server;
    }

    public string Root { get; }

    public TestCa Ca { get; }

    public KestrelLicenseServer Server { get; }

    public static async Task<RealClockServer> StartAsync(string prefix)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var ca = new TestCa(DateTimeOffset.UtcNow, Path.Combine(root, "ca"));
        var server = await KestrelLicenseServer.StartAsync(TimeProvider.System, Path.Combine(root, "server"), ca, new Dictionary<string, string?>
        {
            ["MAX_REVALIDATION_INTERVAL"] = "00:00:02",
            ["VALIDATE_RATE_LIMIT"] = "1000",
        });
        return new RealClockServer(root, ca, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Ca.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process still closing its files; /tmp is cleaned anyway.
        }
    }
}
