using System.Globalization;
using Glyphh.TestSupport;

namespace Glyphh.Packaging.Tests;

/// <summary>
/// Packs the eight packages under <c>src/</c> once per run into a temporary folder feed, with a version of their own
/// so that the global NuGet cache can never serve a copy from an earlier run.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public static readonly string[] PackageIds =
    [
        "Glyphh.Health", "Glyphh.Health.Prometheus", "Glyphh.Licensing", "Glyphh.Licensing.Protocol", "Glyphh.Licensing.Issuing", "Glyphh.Auth", "Glyphh.Quotas", "Glyphh.Quotas.PostgreSql",
    ];

    /// <summary>The temporary folder that holds the feed, the pack's build output and the consumer apps.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("glyphh-packaging-").FullName;

    public string FeedDirectory => Path.Combine(Root, "feed");

    public string Version { get; } = "0.1.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public TimeSpan PackDuration { get; private set; }

    public async Task InitializeAsync()
    {
        // Build output goes to the temporary folder, so the repository's bin/obj (in use by other test runs) stay untouched.
        var result = await DotNetCli.RunAsync(
            RepositoryRoot.Path,
            TimeSpan.FromMinutes(10),
            "pack", Path.Combine(RepositoryRoot.Path, "tests", "Packaging.Tests", "Packages.slnf"),
            "-c", "Release",
            "-o", FeedDirectory,
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            "--disable-build-servers",
            "-p:Version=" + Version);
        PackDuration = result.Duration;
        Assert.True(result.ExitCode == 0, "dotnet pack failed:\n" + result.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", result.Output);
    }

    public string PackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.snupkg");

    /// <summary>Copies the consumer app from the repository into a fresh folder outside it, pointed at this feed.</summary>
    public string CreateConsumerApp(string name)
    {
        var template = Path.Combine(RepositoryRoot.Path, "tests", "Packaging.Tests", "ConsumerApp");
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(template, "ConsumerApp.csproj"), Path.Combine(directory, "ConsumerApp.csproj"));
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(directory, "Program.cs"));
        var config = File.ReadAllText(Path.Combine(template, "nuget.config.template")).Replace("{{FEED}}", FeedDirectory, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), config);
        return directory;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        // The run's version is never used again: take it out of the global package cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var cached = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Package feed";
}
