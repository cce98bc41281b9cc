using System.Runtime.CompilerServices;
using Glyphh.TestSupport;
using PublicApiGenerator;

namespace Glyphh.Auth.Tests;

/// <summary>The public surface of Glyphh.Auth changes only on purpose.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(GlyphhAuthOptions).Assembly);

    /// <summary>
    /// PublicApiGenerator leaves out Microsoft.* namespaces by default, where the Add*/Require* extensions live;
    /// this approves them separately.
    /// </summary>
    [Fact]
    public void PublicApi_ExtensionsHaveNotChanged()
    {
        var assembly = typeof(GlyphhAuthOptions).Assembly;
        var types = assembly.GetExportedTypes().Where(t => t.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) == true).ToArray();
        Assert.NotEmpty(types);
        var received = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeTypes = types,
            AllowNamespacePrefixes = ["Microsoft"],
            IncludeAssemblyAttributes = false,
        }).Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
        var approvedPath = Path.Combine(Directory(), "Glyphh.Auth.Extensions.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n" : null;
        if (approved != received)
        {
            File.WriteAllText(Path.Combine(Directory(), "Glyphh.Auth.Extensions.received.txt"), received);
        }

        Assert.Equal(approved, received);
    }

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
