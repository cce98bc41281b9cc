using System.IO.Compression;
using System.Xml.Linq;

namespace Glyphh.Packaging.Tests;

/// <summary>Each package carries the metadata, docs and symbols a NuGet consumer expects, and drags in no other Glyphh package.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageMetadataTests(PackageFeed feed)
{
    public static TheoryData<string> Packages => [.. PackageFeed.PackageIds];

    [Fact]
    public void Pack_Sources_ProducesExactlyTheEightPackagesAndTheirSymbols()
    {
        var expected = PackageFeed.PackageIds.SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" });
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(feed.FeedDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Nuspec_Package_HasCompleteMetadata(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var metadata = Nuspec(package, id);
        XNamespace ns = metadata.Name.Namespace;

        Assert.Equal(id, metadata.Element(ns + "id")?.Value);
        Assert.Equal(feed.Version, metadata.Element(ns + "version")?.Value);
        Assert.True(metadata.Element(ns + "description")?.Value.Length > 40, "description too short");
        Assert.Contains("glyphh", metadata.Element(ns + "tags")?.Value.Split(' ') ?? []);
        var license = metadata.Element(ns + "license");
        Assert.Equal("expression", license?.Attribute("type")?.Value);
        Assert.Equal("MIT", license?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.NotNull(package.GetEntry("README.md"));
        var repository = metadata.Element(ns + "repository");
        Assert.Equal("https://github.com/glyphh/sdk", repository?.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository?.Attribute("commit")?.Value ?? "");

        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        Assert.Null(package.GetEntry($"lib/net10.0/{id}.pdb"));
        using var symbols = ZipFile.OpenRead(feed.SymbolPackagePath(id));
        Assert.NotNull(symbols.GetEntry($"lib/net10.0/{id}.pdb"));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Nuspec_Package_DependsOnTheSharedFrameworkAndNoOtherGlyphhPackage(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var metadata = Nuspec(package, id);
        XNamespace ns = metadata.Name.Namespace;

        // The licensing wire format and issuing run on plain .NET (a tool, a license server's signer): no ASP.NET Core.
        var frameworks = metadata.Descendants(ns + "frameworkReference").Select(f => f.Attribute("name")?.Value);
        string[] expectedFrameworks = id is "Glyphh.Licensing.Protocol" or "Glyphh.Licensing.Issuing" ? [] : ["Microsoft.AspNetCore.App"];
        Assert.Equal(expectedFrameworks, frameworks);

        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        var glyphh = dependencies.Where(d => d.StartsWith("Glyphh.", StringComparison.Ordinal)).ToList();
        if (id is "Glyphh.Licensing.Protocol" or "Glyphh.Licensing.Issuing")
        {
            Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || d.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
        }

        // A companion depends on its own package only, at exactly this version; Licensing builds on its wire format.
        string[] allowed = id switch
        {
            "Glyphh.Licensing" => ["Glyphh.Licensing.Protocol"],
            "Glyphh.Licensing.Issuing" => ["Glyphh.Licensing.Protocol"],
            "Glyphh.Quotas.PostgreSql" => ["Glyphh.Quotas"],
            "Glyphh.Health.Prometheus" => ["Glyphh.Health"],
            _ => [],
        };
        Assert.Equal(allowed, glyphh);
    }

    [Fact]
    public void Nuspec_Health_DependsOnNoPreReleasePackage()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("Glyphh.Health"));
        var metadata = Nuspec(package, "Glyphh.Health");
        XNamespace ns = metadata.Name.Namespace;
        var preRelease = metadata.Descendants(ns + "dependency")
            .Where(d => !d.Attribute("id")!.Value.StartsWith("Glyphh.", StringComparison.Ordinal) && d.Attribute("version")!.Value.Contains('-', StringComparison.Ordinal))
            .Select(d => d.Attribute("id")!.Value);
        Assert.Empty(preRelease);
    }

    private static XElement Nuspec(ZipArchive package, string id)
    {
        using var stream = package.GetEntry(id + ".nuspec")!.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Element(document.Root.Name.Namespace + "metadata")!;
    }
}
