using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Xunit;

namespace Glyphh.TestSupport;

/// <summary>Compares an assembly's public API with a checked-in <c>&lt;Assembly&gt;.approved.txt</c>.</summary>
public static class PublicApiApproval
{
    /// <summary>
    /// Fails when the public API of <paramref name="assembly"/> differs from the approved file that sits
    /// beside the calling test file. A mismatch writes <c>&lt;Assembly&gt;.received.txt</c> (git-ignored);
    /// review it and rename it to approve the change.
    /// </summary>
    public static void AssertApproved(Assembly assembly, [CallerFilePath] string callerFilePath = "")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var directory = SourceDirectory(callerFilePath);
        var name = assembly.GetName().Name!;
        var approvedPath = Path.Combine(directory, name + ".approved.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");

        // Our Add*/Use*/Map* extensions live in Microsoft.* namespaces, as the Microsoft.Extensions conventions ask.
        var options = new ApiGeneratorOptions
        {
            AllowNamespacePrefixes = ["Microsoft"],
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        };
        var received = Normalize(assembly.GeneratePublicApi(options));
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == received)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(approved is null
            ? $"No approved public API for {name}. Review {receivedPath} and rename it to {Path.GetFileName(approvedPath)}."
            : $"The public API of {name} changed. Compare {receivedPath} with {approvedPath}; if the change is intended, replace the approved file.");
    }

    // A CI build (ContinuousIntegrationBuild) maps source paths to "/_/", so the caller's path is
    // resolved against the repository root instead.
    private static string SourceDirectory(string callerFilePath)
    {
        const string MappedRoot = "/_/";
        var path = callerFilePath.StartsWith(MappedRoot, StringComparison.Ordinal)
            ? Path.Combine(RepositoryRoot.Path, callerFilePath[MappedRoot.Length..])
            : callerFilePath;
        return Path.GetDirectoryName(path)!;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
}
