using System.IO.Compression;
using System.Text.Json;
using Xunit.Abstractions;

namespace Glyphh.Packaging.Tests;

/// <summary>A new app outside the repository takes the four packages (and the licensing wire format they bring) from the feed, builds with warnings as errors, and works.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ConsumerAppTests(PackageFeed feed, ITestOutputHelper output)
{
    private static readonly string[] Referenced = ["Glyphh.Auth", "Glyphh.Health", "Glyphh.Licensing", "Glyphh.Quotas"];

    /// <summary>What restore brings: the four, and Glyphh.Licensing's wire format as its package dependency.</summary>
    private static readonly string[] Restored = [.. Referenced.Append("Glyphh.Licensing.Protocol").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Build_FromLocalFeed_StartsAndAnswersHealthAndProtectedEndpoint()
    {
        var directory = feed.CreateConsumerApp("consumer");

        var build = await DotNetCli.RunAsync(
            directory, TimeSpan.FromMinutes(10), "build", "-c", "Release", "--disable-build-servers", "-p:GlyphhVersion=" + feed.Version);
        output.WriteLine($"pack {feed.PackDuration.TotalSeconds:F0} s, consumer build {build.Duration.TotalSeconds:F0} s");
        Assert.True(build.ExitCode == 0, "the consumer app did not build:\n" + build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", build.Output);

        var bin = Path.Combine(directory, "bin", "Release", "net10.0");
        AssertOnlyPackageAssemblies(directory, bin);

        await using var app = await RunningApp.StartAsync("dotnet", bin, Path.Combine(bin, "ConsumerApp.dll"));
        await ConsumerAppAssertions.AnswersHealthAndProtectedEndpointAsync(app);
    }

    /// <summary>Restore saw packages only, and every Glyphh assembly in bin is the one shipped in its package.</summary>
    private void AssertOnlyPackageAssemblies(string directory, string bin)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().ToList();
        Assert.All(libraries, library => Assert.Equal("package", library.Value.GetProperty("type").GetString()));
        var glyphh = libraries.Select(l => l.Name).Where(n => n.StartsWith("Glyphh.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(Restored.Select(id => $"{id}/{feed.Version}").Order(StringComparer.Ordinal), glyphh);

        var assemblies = Directory.GetFiles(bin, "Glyphh.*.dll").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(Restored, assemblies);
        foreach (var id in Restored)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            using var shipped = new MemoryStream();
            using (var entry = package.GetEntry($"lib/net10.0/{id}.dll")!.Open())
            {
                entry.CopyTo(shipped);
            }
            output.WriteLine($"{id}: {new FileInfo(feed.PackagePath(id)).Length:N0} bytes (.nupkg)");
            Assert.Equal(shipped.ToArray(), File.ReadAllBytes(Path.Combine(bin, id + ".dll")));
        }
    }
}
