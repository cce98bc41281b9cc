namespace Glyphh.TestSupport;

/// <summary>A fresh directory under the temporary folder, removed on dispose (the one copy every test project uses).</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="prefix">The start of the directory's name, to tell the projects' leftovers apart.</param>
    public TempDirectory(string prefix = "glyphh-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a host that is stopping; the temporary folder is cleaned anyway.
        }
    }
}
