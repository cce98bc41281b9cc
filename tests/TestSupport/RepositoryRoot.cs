namespace Glyphh.TestSupport;

/// <summary>Finds the repository root (the folder holding <c>Sdk.sln</c>) from the test's output folder.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sdk.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Sdk.sln was not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Path => Root.Value;
}
