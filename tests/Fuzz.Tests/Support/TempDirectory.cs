namespace Glyphh.Fuzz.Tests.Support;

/// <summary>A fresh directory under /tmp, removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("glyphh-fuzz-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping host; /tmp is cleaned anyway.
        }
    }
}
