using Glyphh.LicenseTool.CommandLine;

namespace Glyphh.LicenseTool.Licensing;

/// <summary>Reading inputs with a size cap and writing outputs atomically, private keys as 0600.</summary>
internal static class FileSecurity
{
    /// <summary>Licenses, certificates and keys are a few kilobytes; anything past this is not one.</summary>
    public const int MaxInputBytes = 1024 * 1024;

    public static string ReadText(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ToolException(Directory.Exists(path) ? $"{what} {path} is a folder, not a file" : $"{what} file {path} does not exist");
        }
        var length = new FileInfo(path).Length;
        if (length > MaxInputBytes)
        {
            throw new ToolException($"{what} file {path} is {length} bytes, larger than the {MaxInputBytes} bytes a {what} can be");
        }
        return File.ReadAllText(path);
    }

    /// <summary>Writes through a temporary file and a rename so a crash never leaves half a file.</summary>
    public static void WriteAtomically(string path, string content, bool privateFile)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new ToolException($"folder {dir} does not exist");
        }
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (privateFile && !OperatingSystem.IsWindows())
            {
                // Created 0600 from the first byte, never readable by others even briefly.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
