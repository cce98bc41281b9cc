using System.Reflection;

namespace Glyphh.Licensing.Tests.Issuing;

/// <summary>
/// The wire format and issuing need no web stack: an SDK user can verify licenses and receipts, or write a validator,
/// against Glyphh.Licensing.Protocol alone, and a vendor tool issues with Glyphh.Licensing.Issuing on plain .NET.
/// </summary>
public sealed class PackageDependencyTests
{
    private static List<string> References(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void Protocol_ReferencesNeitherAspNetCoreNorMicrosoftExtensionsNorAnotherGlyphhAssembly()
    {
        var references = References(typeof(LicenseVerifier).Assembly);

        Assert.Equal("Glyphh.Licensing.Protocol", typeof(LicenseVerifier).Assembly.GetName().Name);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Glyphh.", StringComparison.Ordinal));
    }

    [Fact]
    public void Issuing_ReferencesOnlyTheProtocol_AndNoAspNetCore()
    {
        var references = References(typeof(Glyphh.Licensing.Issuing.LicenseIssuer).Assembly);

        Assert.Equal(["Glyphh.Licensing.Protocol"], references.Where(r => r.StartsWith("Glyphh.", StringComparison.Ordinal)));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void Licensing_BuildsOnTheProtocol()
    {
        Assert.Contains("Glyphh.Licensing.Protocol", References(typeof(GlyphhLicensingOptions).Assembly));
    }
}
