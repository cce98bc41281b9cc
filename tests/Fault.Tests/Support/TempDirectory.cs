namespace Glyphh.Fault.Tests.Support;

/// <summary>A fresh directory under /tmp, removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("glyphh-fault-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a process that is going away; /tmp is cleaned anyway.
        }
    }
}
